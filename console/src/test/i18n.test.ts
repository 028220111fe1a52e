import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import zhCN from '../i18n/zh-CN'
import en from '../i18n/en'

type Tree = { [k: string]: string | Tree }

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, prefix + k + '.')))
}

describe('dictionaries', () => {
  it('Chinese and English have the same keys', () => {
    const zh = new Set(keys(zhCN as unknown as Tree))
    const e = new Set(keys(en as unknown as Tree))
    expect([...zh].filter((k) => !e.has(k)), 'in Chinese only').toEqual([])
    expect([...e].filter((k) => !zh.has(k)), 'in English only').toEqual([])
  })

  it('no message is empty', () => {
    for (const [name, dict] of [['zh-CN', zhCN], ['en', en]] as const) {
      const empty = keys(dict as unknown as Tree).filter((k) => {
        const v = k.split('.').reduce<unknown>((t, p) => (t as Tree)[p], dict)
        return typeof v !== 'string' || v.trim() === ''
      })
      expect(empty, name).toEqual([])
    }
  })

  it('every error code of the contract is explained in both languages', () => {
    const spec = parse(readFileSync(new URL('../../../api/openapi.yaml', import.meta.url), 'utf8'))
    const codes: string[] = spec.components.schemas.Problem.properties.code.enum
    expect(codes.length).toBeGreaterThan(50)
    for (const [name, dict] of [['zh-CN', zhCN], ['en', en]] as const) {
      const errors = dict.errors as Record<string, string>
      expect(codes.filter((c) => !errors[c]), `${name}: codes without an explanation`).toEqual([])
    }
  })
})
