/** One short explanation per error code (api/openapi.yaml Problem.code); a unit test checks every code is here. */
export default {
} as Record<string, string>
