import type { components } from '@/api/schema'
import { currentLocale } from '@/i18n'

export type Grant = components['schemas']['GrantDto']
export type Decision = components['schemas']['Decision']
export type Member = components['schemas']['Member']
export type AuditRecord = components['schemas']['AuditRecordDto']
export type Organization = components['schemas']['OrganizationDto']
export type Person = components['schemas']['PersonDto']
export type Announcement = components['schemas']['AnnouncementDto']
export type Quota = components['schemas']['QuotaDto']

/** The grant states as GrantDto.state names them (the life cycle's GRANT_* states without the prefix). */
export const GRANT_STATES = ['AGREED', 'ACTIVE', 'SUSPENDED', 'RECTIFICATION_REPORTED', 'RECTIFICATION_OVERDUE', 'TERMINATED', 'REVOKED', 'EXPIRED'] as const
export const LEVELS = ['MUNICIPAL', 'COUNTY'] as const
export const VETTING_ITEMS = ['PRE_JOB_TRAINING', 'REAL_NAME_AUTHENTICATION', 'FILING_AND_VETTING', 'CONFIDENTIALITY_AGREEMENT'] as const
export const PRIORITY_DOMAINS = ['LIVELIHOOD', 'SOCIAL_NEED', 'INDUSTRY_VALUE', 'STRATEGIC_INDUSTRY'] as const

export function stateTagType(state?: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (state) {
    case 'ACTIVE': return 'success'
    case 'AGREED': return 'primary'
    case 'SUSPENDED': case 'RECTIFICATION_REPORTED': return 'warning'
    case 'RECTIFICATION_OVERDUE': case 'REVOKED': return 'danger'
    default: return 'info'
  }
}

/** Whole days from today (Asia/Shanghai calendar day of the browser) to a date (yyyy-mm-dd); negative when past. */
export function daysLeft(date?: string): number | undefined {
  if (!date) return undefined
  const end = Date.parse(date + 'T00:00:00Z')
  const now = new Date()
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())
  return Math.round((end - today) / 86400000)
}

export function dateTime(x?: string): string {
  return x ? new Date(x).toLocaleString(currentLocale()) : ''
}

export function date(x?: string): string {
  return x ? new Date(x + (x.length === 10 ? 'T00:00:00' : '')).toLocaleDateString(currentLocale()) : ''
}

/** Today as yyyy-mm-dd in the browser's calendar. */
export function todayIso(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** i18n key part of an audit action name such as "grant.member-add" (keys cannot hold dots or dashes well). */
export function actionKey(action?: string): string {
  return (action ?? '').replace(/[.-]/g, '_')
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** GB 32100-2015: 18 characters of the code's alphabet, the last one the check character of the first 17. */
export function usccValid(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]) * USCC_WEIGHTS[i]
  const c = 31 - (sum % 31)
  return code[17] === USCC_CHARS[c === 31 ? 0 : c]
}

/** SHA-256 of a file, hex (the platform records documents by their hash). */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The ETag of a response, to send back as If-Match. */
export function etagOf(response: Response): string | undefined {
  return response.headers.get('ETag') ?? undefined
}
