import type { components } from '@/api/schema'

export type QualityRequest = components['schemas']['QualityRequestDto']
export type Evaluation = components['schemas']['ProviderEvaluationDto']

export const QUALITY_STATES = ['OPEN', 'ACKNOWLEDGED', 'FIXED', 'REJECTED', 'CONFIRMED', 'WITHDRAWN'] as const
export const TARGET_KINDS = ['COLUMN', 'ROWS', 'RULE'] as const

/** The tag colour of a request state: waiting for the provider (warning), for the operator (primary), final (info). */
export function qualityTag(state?: string, overdue?: boolean): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  if (overdue) return 'danger'
  if (state === 'OPEN' || state === 'ACKNOWLEDGED') return 'warning'
  if (state === 'FIXED' || state === 'REJECTED') return 'primary'
  if (state === 'CONFIRMED') return 'success'
  return 'info'
}
