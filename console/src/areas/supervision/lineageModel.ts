import type { Schemas, Workspace } from './supervisionApi'

/** A torn-down workspace's tables are shown greyed. */
export function isTornDown(w?: Workspace): boolean {
  return !!w && (w.state === 'TORN_DOWN' || !!w.tornDownAt)
}

export type NodeKind = 'dataset' | 'column' | 'product'

/** One node of the explorer: a dataset or table, a column (column searches) or a data product. */
export interface GNode {
  id: string
  kind: NodeKind
  label: string
  dataset?: string
  column?: string
  /** 1 (public) to 4 (highly sensitive); from the catalog, the lineage answer (columns), or inferred from sources. */
  grade?: number
  gradeSource?: 'catalog' | 'lineage' | 'inferred'
  datasetKind?: string
  workspace?: string
  dropped?: boolean
  quarantined?: boolean
  tornDown?: boolean
  /** When and why the dataset ended, as the lineage answer says (DROPPED, TORN_DOWN, DELISTED). */
  endedAt?: string
  endReason?: string
  classification?: string
  origin?: string
  /** Which directions were already fetched one level further from this node. */
  expanded: { upstream: boolean; downstream: boolean }
}

export interface GEdge {
  id: string
  source: string
  target: string
  kind?: string
  process?: string
}

export type Process = Schemas['ProcessDto']

export interface Context {
  grades: Map<string, number>
  workspaces: Map<string, Workspace>
}

export const GRADE_COLOURS: Record<number, string> = { 1: '#67c23a', 2: '#409eff', 3: '#e6a23c', 4: '#f56c6c' }
export const UNKNOWN_COLOUR = '#b37feb'
export const TORN_COLOUR = '#c0c4cc'

export function colourOf(n: GNode): string {
  if (n.tornDown || n.dropped) return TORN_COLOUR
  return n.grade ? GRADE_COLOURS[n.grade] ?? UNKNOWN_COLOUR : UNKNOWN_COLOUR
}

/** The graph the explorer shows: everything fetched so far, merged (a node or edge is never added twice). */
export class LineageModel {
  nodes = new Map<string, GNode>()
  edges = new Map<string, GEdge>()
  processes = new Map<string, Process>()
  /** Product id to its statements (what made the product's table). */
  statements = new Map<string, Schemas['ProductLineageStatement'][]>()
  start?: string

  clear(): void {
    this.nodes.clear()
    this.edges.clear()
    this.processes.clear()
    this.statements.clear()
    this.start = undefined
  }

  private dataset(name: string, ctx: Context, extra: Partial<GNode> = {}): { node: GNode; added: boolean } {
    let node = this.nodes.get(name)
    const added = !node
    if (!node) {
      node = { id: name, kind: 'dataset', label: name, expanded: { upstream: false, downstream: false } }
      this.nodes.set(name, node)
    }
    if (extra.datasetKind !== undefined) node.datasetKind = extra.datasetKind
    if (extra.workspace !== undefined) node.workspace = extra.workspace
    if (extra.dropped !== undefined) node.dropped = extra.dropped
    if (extra.quarantined !== undefined) node.quarantined = extra.quarantined
    if (extra.endedAt !== undefined) node.endedAt = extra.endedAt
    if (extra.endReason !== undefined) node.endReason = extra.endReason
    // the lineage answer's end is the truth; the workspace's state covers answers from before it was recorded
    node.tornDown = node.endReason === 'TORN_DOWN' || node.endReason === 'DELISTED'
      || isTornDown(node.workspace ? ctx.workspaces.get(node.workspace) : undefined)
    const catalogGrade = ctx.grades.get(name)
    if (catalogGrade !== undefined) {
      node.grade = catalogGrade
      node.gradeSource = 'catalog'
    }
    return { node, added }
  }

  private edge(e: GEdge): boolean {
    if (this.edges.has(e.id)) return false
    this.edges.set(e.id, e)
    return true
  }

  /** Merges one answer of GET /api/v1/lineage; returns how many nodes and edges were new. */
  mergeGraph(g: Schemas['LineageGraphDto'], ctx: Context): { nodes: number; edges: number } {
    let nodes = 0
    let edges = 0
    for (const d of g.datasets ?? []) {
      if (!d.name) continue
      if (this.dataset(d.name, ctx, {
        datasetKind: d.kind, workspace: d.workspace ?? undefined, dropped: !!d.dropped, quarantined: !!d.quarantined,
        endedAt: d.endedAt ?? undefined, endReason: d.endReason ?? undefined,
      }).added) nodes++
    }
    for (const c of g.columns ?? []) {
      if (!c.id) continue
      const existing = this.nodes.get(c.id)
      const parent = this.nodes.get(c.dataset ?? '')
      this.nodes.set(c.id, {
        ...(existing ?? { id: c.id, kind: 'column', expanded: { upstream: false, downstream: false } }),
        label: c.column ?? c.id,
        dataset: c.dataset,
        column: c.column,
        grade: c.grade ?? undefined,
        gradeSource: c.grade ? 'lineage' : undefined,
        classification: c.classification,
        origin: c.sensitivityOrigin,
        dropped: c.present === false,
        workspace: parent?.workspace,
        tornDown: parent?.tornDown,
      } as GNode)
      if (!existing) nodes++
    }
    for (const p of g.processes ?? []) if (p.id) this.processes.set(p.id, p)
    for (const e of g.edges ?? []) {
      if (!e.source || !e.target) continue
      if (this.edge({ id: `${e.source}->${e.target}#${e.process ?? ''}#${e.kind ?? ''}`, source: e.source, target: e.target, kind: e.kind, process: e.process })) edges++
    }
    if (g.start && !this.start) this.start = g.start
    this.inferGrades()
    return { nodes, edges }
  }

  /** Merges GET /api/v1/products/{id}/lineage: the product, its table, and the datasets upstream. */
  mergeProduct(productId: string, title: string, p: Schemas['ProductLineageDto'], ctx: Context): void {
    const productNode = 'product:' + productId
    for (const d of p.datasets ?? []) {
      if (d.name) this.dataset(d.name, ctx, { datasetKind: d.kind, workspace: d.workspaceId ?? undefined, quarantined: !!d.quarantined })
    }
    for (const e of p.edges ?? []) {
      if (e.source && e.target) {
        this.edge({ id: `${e.source}->${e.target}#${e.process ?? ''}#${e.kind ?? ''}`, source: e.source, target: e.target, kind: e.kind, process: e.process })
      }
    }
    const grades = (p.columns ?? []).map((c) => c.grade ?? 0)
    this.nodes.set(productNode, {
      id: productNode, kind: 'product', label: title || productId, dataset: p.dataset,
      grade: grades.length ? Math.max(...grades) || undefined : undefined, gradeSource: 'lineage',
      expanded: { upstream: true, downstream: true },
    })
    this.statements.set(productId, p.statements ?? [])
    if (p.dataset) {
      this.dataset(p.dataset, ctx)
      this.edge({ id: `${p.dataset}->${productNode}`, source: p.dataset, target: productNode, kind: 'PRODUCT' })
    }
    for (const s of p.statements ?? []) {
      if (s.process) this.processes.set(s.process, { id: s.process, jobId: s.jobId, step: s.step, statement: s.sql ?? s.statement, user: s.user, startedAt: s.startedAt, state: s.state })
    }
    this.start = productNode
    this.inferGrades()
  }

  /**
   * A table without a catalog grade gets the highest grade among what it was made from (the platform's
   * propagation rule keeps a derived column's grade at least its sources'): marked "inferred".
   */
  inferGrades(): void {
    for (const n of this.nodes.values()) if (n.gradeSource === 'inferred') n.grade = undefined
    for (let pass = 0; pass < 6; pass++) {
      let changed = false
      for (const e of this.edges.values()) {
        const s = this.nodes.get(e.source)
        const t = this.nodes.get(e.target)
        if (!s?.grade || !t || t.gradeSource === 'catalog' || t.gradeSource === 'lineage') continue
        if (!t.grade || t.grade < s.grade) {
          t.grade = s.grade
          t.gradeSource = 'inferred'
          changed = true
        }
      }
      if (!changed) break
    }
  }

  /**
   * Preset positions: a layered layout by distance from the start (upstream to the left, downstream to the
   * right), each layer wrapped into sub-columns of at most `perColumn` nodes. Linear in nodes + edges, so it
   * stays fast at 10,000 nodes (a force layout such as cose would not).
   */
  positions(perColumn = 120): Map<string, { x: number; y: number }> {
    const rank = new Map<string, number>()
    const out = new Map<string, string[]>()
    const into = new Map<string, string[]>()
    for (const e of this.edges.values()) {
      ;(out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target)
      ;(into.get(e.target) ?? into.set(e.target, []).get(e.target)!).push(e.source)
    }
    const parents = this.parents()
    const placeable = [...this.nodes.values()].filter((n) => !parents.has(n.id))
    const seeds = this.start && this.nodes.has(this.start) ? [this.start] : []
    for (const n of placeable) if (!seeds.length) seeds.push(n.id)
    const queue: string[] = []
    for (const s of seeds) {
      rank.set(s, 0)
      queue.push(s)
    }
    // Nodes not reached from the start (other components) are seeded in turn.
    let cursor = 0
    let fallback = 0
    for (;;) {
      while (cursor < queue.length) {
        const id = queue[cursor++]
        const r = rank.get(id)!
        for (const t of out.get(id) ?? []) if (!rank.has(t)) { rank.set(t, r + 1); queue.push(t) }
        for (const s of into.get(id) ?? []) if (!rank.has(s)) { rank.set(s, r - 1); queue.push(s) }
      }
      while (fallback < placeable.length && rank.has(placeable[fallback].id)) fallback++
      if (fallback >= placeable.length) break
      rank.set(placeable[fallback].id, 0)
      queue.push(placeable[fallback].id)
    }
    const layers = new Map<number, string[]>()
    for (const n of placeable) {
      const r = rank.get(n.id) ?? 0
      ;(layers.get(r) ?? layers.set(r, []).get(r)!).push(n.id)
    }
    const result = new Map<string, { x: number; y: number }>()
    const COLUMN = 240
    const ROW = 46
    let x = 0
    for (const r of [...layers.keys()].sort((a, b) => a - b)) {
      const ids = layers.get(r)!.sort()
      const columns = Math.ceil(ids.length / perColumn)
      const height = Math.min(ids.length, perColumn) * ROW
      ids.forEach((id, i) => {
        const col = Math.floor(i / perColumn)
        const row = i % perColumn
        result.set(id, { x: x + col * COLUMN, y: row * ROW - height / 2 })
      })
      x += columns * COLUMN + 80
    }
    return result
  }

  /** Datasets drawn as boxes around their columns (column searches). */
  parents(): Set<string> {
    const set = new Set<string>()
    for (const m of this.nodes.values()) if (m.kind === 'column' && m.dataset && this.nodes.has(m.dataset)) set.add(m.dataset)
    return set
  }
}

/**
 * A synthetic lineage graph for the performance check (`/#/lineage?synthetic=10000`): catalog sources feeding
 * layers of derived tables, each derived table reading one to three tables of the layer before. Built
 * client-side and shown with the same merge, layout and rendering code as a real answer.
 */
export function syntheticGraph(count: number): Schemas['LineageGraphDto'] {
  let seed = 42
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const layers = Math.max(2, Math.round(Math.sqrt(count) / 10) + 2)
  const perLayer = Math.ceil(count / layers)
  const datasets: Schemas['LineageDatasetDto'][] = []
  const edges: Schemas['LineageEdgeDto'][] = []
  const byLayer: string[][] = []
  let made = 0
  for (let l = 0; l < layers && made < count; l++) {
    const names: string[] = []
    for (let i = 0; i < perLayer && made < count; i++, made++) {
      const name = l === 0 ? `src${i % 9}.dataset_${i}` : `ws_${(i % 50).toString().padStart(2, '0')}.t${l}_${i}`
      names.push(name)
      datasets.push({ name, kind: l === 0 ? 'SOURCE' : 'WORKSPACE_TABLE', workspace: l === 0 ? undefined : `synthetic-${i % 50}`, depth: l, dropped: false, quarantined: false })
      if (l > 0) {
        const prev = byLayer[l - 1]
        const fanIn = 1 + Math.floor(random() * 3)
        for (let k = 0; k < fanIn; k++) {
          edges.push({ source: prev[Math.floor(random() * prev.length)], target: name, kind: 'AGGREGATION', process: `synthetic#${l}` })
        }
      }
    }
    byLayer.push(names)
  }
  return { start: datasets[0]?.name, direction: 'downstream', depth: 'unlimited', level: 'dataset', datasets, edges, processes: [], truncated: false }
}

/** Catalog grades for the synthetic sources (1 to 4 in turn), so the colours show. */
export function syntheticGrades(g: Schemas['LineageGraphDto']): Map<string, number> {
  const m = new Map<string, number>()
  ;(g.datasets ?? []).forEach((d, i) => { if (d.kind === 'SOURCE' && d.name) m.set(d.name, (i % 4) + 1) })
  return m
}
