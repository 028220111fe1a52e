import { api, unwrap } from '@/api/client'
import type { components } from '@/api/schema'

export type Workspace = components['schemas']['WorkspaceDto']
export type Dataset = components['schemas']['DatasetDto']
export type DatasetColumn = components['schemas']['ColumnDto']

export function loadWorkspace(id: string): Promise<Workspace> {
  return unwrap(api.GET('/api/v1/workspaces/{id}', { params: { path: { id } } }))
}

/** The granted datasets with their columns (GET /api/v1/datasets/{id}); one that cannot be read is left out. */
export async function loadDatasets(ids: string[]): Promise<Dataset[]> {
  const all = await Promise.allSettled(ids.map((id) => unwrap(api.GET('/api/v1/datasets/{id}', { params: { path: { id } } }))))
  return all.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []))
}

/**
 * Whether the platform masks a column in a workspace, by the mask table of docs/policies.md (MaskRules): identifying
 * and contact columns from grade 3, every column at grade 4. The console only labels columns; the runtime masks.
 */
export function isMasked(column: DatasetColumn, datasetGrade?: number): boolean {
  const grade = column.grade ?? datasetGrade ?? 1
  if (grade >= 4) return true
  if (grade === 3) return ['DIRECT_IDENTIFIER', 'QUASI_IDENTIFIER', 'CONTACT'].includes(column.classification)
  return false
}

export function formatBytes(n?: number): string {
  if (n === undefined || n === null) return '-'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`
}

export function formatTime(x: string | undefined, locale: string): string {
  return x ? new Date(x).toLocaleString(locale) : '-'
}

export interface LocalHistoryEntry {
  sql: string
  at: string
  state?: string
}

const HISTORY_MAX = 50

function historyKey(workspaceId: string): string {
  return `shuyu.workspace.sqlHistory.${workspaceId}`
}

/** Statements run in this browser for a workspace, newest first, across sessions (kept in localStorage). */
export function readLocalHistory(workspaceId: string): LocalHistoryEntry[] {
  try {
    const raw = localStorage.getItem(historyKey(workspaceId))
    const parsed = raw ? JSON.parse(raw) : []
    return Array.isArray(parsed) ? parsed.filter((e) => e && typeof e.sql === 'string') : []
  } catch {
    return []
  }
}

export function pushLocalHistory(workspaceId: string, entry: LocalHistoryEntry): LocalHistoryEntry[] {
  const list = [entry, ...readLocalHistory(workspaceId).filter((e) => e.sql !== entry.sql)].slice(0, HISTORY_MAX)
  localStorage.setItem(historyKey(workspaceId), JSON.stringify(list))
  return list
}

export function clearLocalHistory(workspaceId: string): void {
  localStorage.removeItem(historyKey(workspaceId))
}
