import type { components } from '@/api/schema'
import { api, authFetch, listAll } from '@/api/client'
import { ApiProblem, toProblem } from '@/api/problem'
import { auth } from '@/auth/auth'

export type Lab = components['schemas']['LabDto']
export type Application = components['schemas']['ApplicationDto']
export type Grant = components['schemas']['GrantDto']
export type Opinion = components['schemas']['Opinion']

/** The five materials of R-13, as the API names them in paths (kebab case) and in the application (upper case). */
export const UPLOADABLE = [
  'APPLICATION_FORM', 'AUDIT_AND_FINANCIAL_REPORTS', 'DATA_SECURITY_COMMITMENT', 'SECURITY_RISK_SELF_ASSESSMENT',
] as const
export const MATERIALS = [...UPLOADABLE, 'LAB_EVALUATION_REPORT'] as const
export const REVIEW_POINTS = [
  'APPLICANT', 'PRODUCT_FEASIBILITY_AND_COMPLIANCE', 'DATA_SECURITY_AND_PERSONAL_INFORMATION', 'EMERGENCY_PLAN',
] as const
export const VERDICTS = ['FAVOURABLE', 'FAVOURABLE_WITH_CONDITIONS', 'UNFAVOURABLE'] as const
/** The application pipeline, in order; the closed states come after. */
export const APP_STAGES = ['DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'DELIBERATED', 'APPROVED', 'GRANTED'] as const
export const APP_CLOSED = ['REJECTED', 'WITHDRAWN'] as const
export const PRIORITY_DOMAINS = ['LIVELIHOOD', 'SOCIAL_NEED', 'INDUSTRY_VALUE', 'STRATEGIC_INDUSTRY'] as const
export const LEVELS = ['MUNICIPAL', 'COUNTY'] as const
export const CONCLUSIONS = ['PASSED', 'PASSED_WITH_CONDITIONS', 'FAILED'] as const

export function kebab(kind: string): string {
  return kind.toLowerCase().replace(/_/g, '-')
}

export function stateType(state?: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (state) {
    case 'ACTIVE': case 'COMPLETED': case 'APPROVED': case 'GRANTED': return 'success'
    case 'REJECTED': case 'WITHDRAWN': case 'REVOKED': case 'TERMINATED': return 'danger'
    case 'REQUESTED': case 'SUBMITTED': case 'UNDER_REVIEW': case 'DELIBERATED': case 'AGREED': return 'warning'
    case 'DRAFT': case 'ENDED': return 'info'
    default: return 'primary'
  }
}

export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) // Asia/Shanghai, as the platform
}

export function plusDays(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10)
}

export const loadLabs = () => listAll((pageToken) => api.GET('/api/v1/labs', { params: { query: { pageToken, limit: 500 } } }))
export const loadApplications = () =>
  listAll((pageToken) => api.GET('/api/v1/applications', { params: { query: { pageToken, limit: 500 } } }))

/** The grant created from an application, if any (the grants list, matched by application). */
export async function grantOf(applicationId: string): Promise<Grant | undefined> {
  const grants = await listAll((pageToken) => api.GET('/api/v1/grants', { params: { query: { pageToken, limit: 500 } } }))
  return grants.find((g) => g.applicationId === applicationId)
}

/** The hex SHA-256 of a file, computed in the browser (to show it before the upload and compare it after). */
export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Uploads a material's document (PUT .../materials/{kind}/document, the bytes as the body) with progress.
 * Resolves with the application as the API answers it; rejects with ApiProblem.
 */
export async function uploadMaterial(
  applicationId: string, kind: string, file: File, periodEnd: string | undefined, progress: (percent: number) => void,
): Promise<Application> {
  const token = await auth.accessToken()
  const query = new URLSearchParams({ documentName: file.name })
  if (periodEnd) query.set('periodEnd', periodEnd)
  const url = `/api/v1/applications/${encodeURIComponent(applicationId)}/materials/${kebab(kind)}/document?${query}`
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', url)
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress(Math.round((e.loaded / e.total) * 100)) }
    xhr.onerror = () => reject(new ApiProblem(toProblem(0, undefined, 'network error')))
    xhr.onload = () => {
      let body: unknown
      try { body = JSON.parse(xhr.responseText) } catch { body = xhr.responseText }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Application)
      else reject(new ApiProblem(toProblem(xhr.status, body, xhr.statusText)))
    }
    xhr.send(file)
  })
}

/** Downloads a material's document; answers the response (its X-Content-SHA256 header is the recorded hash). */
export function downloadMaterial(applicationId: string, kind: string): Promise<Response> {
  return authFetch(`/api/v1/applications/${encodeURIComponent(applicationId)}/materials/${kebab(kind)}/document`)
}
