/**
 * Per-column statistics as the server computed them on the whole frozen snapshot (GET /api/v1/products/{id}/statistics):
 * small counts (below the product's k) arrive hidden and withheld columns without values; the browser only draws them.
 */
export interface Bar { label: string; count: number | null }
export type ColumnStat =
  | { name: string; kind: 'numeric'; count: number; nulls: number; distinct: number; min: number; max: number; mean: number; histogram: Bar[]; hidden: number }
  | { name: string; kind: 'text'; count: number; nulls: number; distinct: number; distinctCapped: boolean; top: Bar[]; hidden: number }
  | { name: string; kind: 'withheld'; count: number; nulls: number }

export interface ServerColumn {
  name: string; type?: string; withheld: boolean; count: number; nulls: number; distinct?: number | null
  distinctCapped?: boolean; min?: number | null; max?: number | null; mean?: number | null
  top?: { value: string; count: number }[]; histogram?: { from: number; to: number; count?: number | null }[]; hidden?: number
}
export interface ServerStatistics { rows: number; k: number; columns: ServerColumn[] }

function label(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString() : String(Math.round(x * 100) / 100)
}

export function columnStats(table: ServerStatistics | undefined): ColumnStat[] {
  return (table?.columns ?? []).map((c): ColumnStat => {
    if (c.withheld) return { name: c.name, kind: 'withheld', count: c.count, nulls: c.nulls }
    if (c.min != null && c.max != null) {
      return {
        name: c.name, kind: 'numeric', count: c.count, nulls: c.nulls, distinct: c.distinct ?? 0, min: c.min, max: c.max,
        mean: c.mean ?? NaN, hidden: c.hidden ?? 0,
        histogram: (c.histogram ?? []).map((b) => ({ label: `${label(b.from)}–${label(b.to)}`, count: b.count ?? null })),
      }
    }
    return {
      name: c.name, kind: 'text', count: c.count, nulls: c.nulls, distinct: c.distinct ?? 0, distinctCapped: !!c.distinctCapped,
      hidden: c.hidden ?? 0, top: (c.top ?? []).map((v) => ({ label: v.value, count: v.count })),
    }
  })
}
