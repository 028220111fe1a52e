/** An RFC 9457 problem (application/problem+json) as the controller answers it: a stable `code` and a `detail`. */
export interface Problem {
  status: number
  code: string
  title?: string
  detail?: string
  instance?: string
  [extra: string]: unknown
}

/** Thrown by the API helpers when the controller refuses: pages show it with <ProblemAlert>, never hide it. */
export class ApiProblem extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(`${problem.code}: ${problem.detail ?? problem.title ?? ''}`)
    this.problem = problem
  }
  get status(): number {
    return this.problem.status
  }
  get code(): string {
    return this.problem.code
  }
}

/** Turns any response body (problem+json, OAuth error, plain text, nothing) into a Problem. */
export function toProblem(status: number, body: unknown, fallbackDetail?: string): Problem {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>
    if (typeof b.code === 'string') {
      return { ...b, status: typeof b.status === 'number' ? b.status : status, code: b.code } as Problem
    }
    if (typeof b.error === 'string') {
      return { status, code: 'OAUTH_' + b.error.toUpperCase(), detail: String(b.error_description ?? b.error) }
    }
  }
  const text = typeof body === 'string' && body.length < 500 ? body : undefined
  return { status, code: status === 0 ? 'NETWORK_ERROR' : 'HTTP_' + status, detail: text ?? fallbackDetail }
}

/** Any thrown value as a Problem (for code that catches errors of unknown type). */
export function asProblem(e: unknown): Problem {
  if (e instanceof ApiProblem) return e.problem
  if (e instanceof Error) return { status: 0, code: 'CLIENT_ERROR', detail: e.message }
  return { status: 0, code: 'CLIENT_ERROR', detail: String(e) }
}
