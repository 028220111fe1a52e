import { describe, expect, it } from 'vitest'
import { csvField, toCsv } from './csv'
import { LineageModel, syntheticGraph, syntheticGrades } from './lineageModel'

describe('audit CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvField(undefined)).toBe('')
    expect(csvField(['a', 'b'])).toBe('a;b')
    expect(toCsv([{ key: 'x', header: 'x' }, { key: 'y', header: 'y' }], [{ x: 1, y: 'a,b' }])).toBe('x,y\r\n1,"a,b"\r\n')
  })
})

const ctx = { grades: new Map([['registry.enterprises', 3], ['tax.payments', 4]]), workspaces: new Map([['g1', { id: 'g1', state: 'TORN_DOWN' }]]) }

describe('lineage model', () => {
  it('merges answers without duplicates, infers a derived table\'s grade from its sources and greys torn-down workspaces', () => {
    const m = new LineageModel()
    const answer = {
      start: 'ws.t', datasets: [
        { name: 'ws.t', kind: 'WORKSPACE_TABLE', workspace: 'g1' }, { name: 'registry.enterprises', kind: 'SOURCE' },
        { name: 'tax.payments', kind: 'SOURCE' }],
      edges: [{ source: 'registry.enterprises', target: 'ws.t', process: 'j#1' }, { source: 'tax.payments', target: 'ws.t', process: 'j#1' }],
    }
    expect(m.mergeGraph(answer, ctx)).toEqual({ nodes: 3, edges: 2 })
    expect(m.mergeGraph(answer, ctx)).toEqual({ nodes: 0, edges: 0 })
    const t = m.nodes.get('ws.t')!
    expect(t.grade).toBe(4)
    expect(t.gradeSource).toBe('inferred')
    expect(t.tornDown).toBe(true)
    expect(m.nodes.get('registry.enterprises')!.gradeSource).toBe('catalog')
    const p = m.positions()
    expect(p.get('registry.enterprises')!.x).toBeLessThan(p.get('ws.t')!.x) // upstream to the left
  })

  it('greys a table the lineage answer says ended with its torn-down workspace, even when the workspace is unknown', () => {
    const m = new LineageModel()
    m.mergeGraph({
      start: 'ws_x.t', datasets: [
        { name: 'ws_x.t', kind: 'TABLE', workspace: 'gone', endedAt: '2026-12-01T00:00:00Z', endReason: 'TORN_DOWN' },
        { name: 'ws_x.u', kind: 'TABLE', workspace: 'gone' }],
      edges: [],
    } as never, { grades: new Map(), workspaces: new Map() })
    expect(m.nodes.get('ws_x.t')!.tornDown).toBe(true)
    expect(m.nodes.get('ws_x.t')!.endedAt).toBe('2026-12-01T00:00:00Z')
    expect(m.nodes.get('ws_x.u')!.tornDown).toBe(false)
  })

  it('keeps every kind of edge between the same two columns (IDENTITY and GROUP_BY of a grouped key)', () => {
    const m = new LineageModel()
    const answer = {
      start: 'ws.t.district', datasets: [{ name: 'ws.t', kind: 'WORKSPACE_TABLE' }, { name: 'registry.enterprises', kind: 'SOURCE' }],
      edges: [
        { source: 'registry.enterprises.district', target: 'ws.t.district', kind: 'IDENTITY', process: 'j#1' },
        { source: 'registry.enterprises.district', target: 'ws.t.district', kind: 'GROUP_BY', process: 'j#1' }],
    }
    expect(m.mergeGraph(answer, ctx).edges).toBe(2)
    expect([...m.edges.values()].map((e) => e.kind).sort()).toEqual(['GROUP_BY', 'IDENTITY'])
  })

  it('lays out 10,000 synthetic nodes in linear time (seconds at most on a loaded machine)', () => {
    const g = syntheticGraph(10000)
    expect(g.datasets).toHaveLength(10000)
    const m = new LineageModel()
    m.mergeGraph(g, { grades: syntheticGrades(g), workspaces: new Map() })
    const began = performance.now()
    const p = m.positions()
    expect(p.size).toBe(10000)
    expect(performance.now() - began).toBeLessThan(5000)
    expect([...m.nodes.values()].filter((n) => !n.grade)).toEqual([]) // every derived table inherits a grade
  })
})
