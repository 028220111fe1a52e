#!/usr/bin/env node
// Prints the error codes of api/openapi.yaml (components.schemas.Problem.properties.code.enum) that have no
// explanation in src/i18n/zh-CN/errors.ts or src/i18n/en/errors.ts, one per line with the languages missing it.
// Exit status 1 when some are missing. Usage (in console/): node scripts/missing-error-codes.mjs
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

const root = new URL('../', import.meta.url)
const spec = parse(readFileSync(new URL('../api/openapi.yaml', root), 'utf8'))
const codes = spec.components.schemas.Problem.properties.code.enum

/** The keys of an errors.ts dictionary, read from its source: lines `CODE: '...'` (quoted keys allowed). */
function keysOf(file) {
  const text = readFileSync(new URL(file, root), 'utf8')
  return new Set([...text.matchAll(/^\s*['"]?([A-Z][A-Z0-9_]*)['"]?\s*:/gm)].map((m) => m[1]))
}

const dicts = { 'zh-CN': keysOf('src/i18n/zh-CN/errors.ts'), en: keysOf('src/i18n/en/errors.ts') }
let missing = 0
for (const code of codes) {
  const without = Object.entries(dicts).filter(([, keys]) => !keys.has(code)).map(([lang]) => lang)
  if (without.length) {
    missing++
    console.log(`${code}\t${without.join(' ')}`)
  }
}
if (missing) console.error(`${missing} of ${codes.length} codes lack a translation`)
process.exit(missing ? 1 : 0)
