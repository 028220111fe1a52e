/** Column statistics computed in the browser from the rows a reviewer may see (at most the preview cap). */
export interface Bar { label: string; count: number }
export type ColumnStat =
  | { name: string; kind: 'numeric'; nulls: number; min: number; max: number; mean: number; sum: number; histogram: Bar[] }
  | { name: string; kind: 'text'; nulls: number; distinct: number; top: Bar[] }

const BINS = 10
const TOP = 10

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && v.trim() !== '' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v.trim())) return Number(v)
  return undefined
}

export function columnStats(names: string[], rows: unknown[][]): ColumnStat[] {
  return names.map((name, c) => {
    const values = rows.map((r) => r[c])
    const present = values.filter((v) => v !== null && v !== undefined)
    const nulls = values.length - present.length
    const numbers = present.map(asNumber)
    if (present.length > 0 && numbers.every((n) => n !== undefined)) {
      const ns = numbers as number[]
      const min = Math.min(...ns)
      const max = Math.max(...ns)
      const sum = ns.reduce((a, b) => a + b, 0)
      const width = max > min ? (max - min) / BINS : 1
      const bins = max > min ? BINS : 1
      const counts = new Array<number>(bins).fill(0)
      for (const n of ns) counts[Math.min(bins - 1, Math.floor((n - min) / width))]++
      const label = (x: number) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString() : String(Math.round(x * 100) / 100))
      const histogram = counts.map((count, i) => ({ label: bins === 1 ? label(min) : `${label(min + i * width)}–${label(min + (i + 1) * width)}`, count }))
      return { name, kind: 'numeric', nulls, min, max, mean: sum / ns.length, sum, histogram }
    }
    const freq = new Map<string, number>()
    for (const v of present) {
      const k = String(v)
      freq.set(k, (freq.get(k) ?? 0) + 1)
    }
    const top = [...freq.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP)
      .map(([label, count]) => ({ label, count }))
    return { name, kind: 'text', nulls, distinct: freq.size, top }
  })
}
