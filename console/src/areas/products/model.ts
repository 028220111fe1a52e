import type { components } from '@/api/schema'
import { api, authFetch, listAll, unwrap } from '@/api/client'

export type Job = components['schemas']['JobDto']
export type JobProcess = components['schemas']['JobProcessDto']
export type Workspace = components['schemas']['WorkspaceDto']
export type Product = components['schemas']['ProductDto']
export type Check = components['schemas']['CheckDto']
export type LineageGraph = components['schemas']['LineageGraphDto']

/** Job states that have not ended: the detail page polls while a job is in one of them. */
export const JOB_RUNNING = ['QUEUED', 'RUNNING']
/** Product states in which the snapshot and the automatic checks are still running. */
export const PRODUCT_CHECKING = ['SUBMITTED', 'CHECKING']
export const PRODUCT_STATES = ['DRAFT', 'SUBMITTED', 'CHECKING', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'LISTED', 'DELISTED', 'RETURNED']
export const PRODUCT_KINDS = ['DATA_INTERFACE', 'DATA_PACKAGE', 'DATA_REPORT', 'DATA_MODEL']
/** The two-person rule: a candidate is approved by the second independent approval. */
export const APPROVALS_NEEDED = 2

export async function workspacesOfUser(): Promise<Workspace[]> {
  return listAll((pageToken) => api.GET('/api/v1/workspaces', { params: { query: { pageToken, limit: 500 } } }))
}

/** The job's log as text ('' when none yet). */
export async function jobLog(id: string): Promise<string> {
  const response = await authFetch(`/api/v1/jobs/${encodeURIComponent(id)}/log`, { headers: { Accept: 'text/plain' } })
  return response.text()
}

export async function jobProcesses(id: string): Promise<JobProcess[]> {
  return listAll((pageToken) => api.GET('/api/v1/jobs/{id}/lineage', { params: { path: { id }, query: { pageToken, limit: 500 } } }))
}

export async function product(id: string): Promise<Product> {
  return unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } } }))
}

export function fmtTime(x: string | undefined | null, locale: string): string {
  return x ? new Date(x).toLocaleString(locale) : '—'
}

export function fmtBytes(n: number | undefined | null): string {
  if (n == null) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

/** Elapsed time as m:ss (or h:mm:ss). */
export function fmtElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

export function stateTag(state?: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (state) {
    case 'SUCCEEDED': case 'APPROVED': case 'LISTED': case 'PASS': case 'APPROVE':
      return 'success'
    case 'FAILED': case 'REFUSED': case 'REJECTED': case 'FAIL': case 'REJECT':
      return 'danger'
    case 'RUNNING': case 'CHECKING': case 'SUBMITTED': case 'IN_REVIEW':
      return 'primary'
    case 'QUEUED': case 'DRAFT': case 'RETURNED': case 'RETURN':
      return 'warning'
    default:
      return 'info'
  }
}
