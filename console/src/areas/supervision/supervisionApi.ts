import { api, listAll, unwrap } from '@/api/client'
import type { components } from '@/api/schema'

export type Schemas = components['schemas']
export type Workspace = Schemas['WorkspaceDto']
export type AuditRecord = Schemas['AuditRecordDto']
export type Job = Schemas['JobDto']
export type Session = Schemas['SessionDto']

/** Every workspace the caller may see (supervisors and the authority: all), at most 5,000. */
export function loadWorkspaces(): Promise<Workspace[]> {
  return listAll((pageToken) => api.GET('/api/v1/workspaces', { params: { query: { pageToken, limit: 1000 } } }), 5000)
}

/** Workspace id to workspace, for greying the tables of torn-down workspaces. */
export async function workspaceIndex(): Promise<Map<string, Workspace>> {
  const map = new Map<string, Workspace>()
  for (const w of await loadWorkspaces()) if (w.id) map.set(w.id, w)
  return map
}

/** The catalog's dataset grades (dataset id to grade), as the provider classified them. */
export async function catalogGrades(): Promise<Map<string, number>> {
  const all = await listAll((pageToken) => api.GET('/api/v1/datasets', { params: { query: { pageToken, limit: 1000 } } }), 10000)
  const map = new Map<string, number>()
  for (const d of all) if (d.id && d.grade != null) map.set(d.id, d.grade)
  return map
}

/** Runs `work` over `items` with at most `limit` calls in flight. */
export async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  async function worker() {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export { api, unwrap }
