import { api, listAll, unwrap } from '@/api/client'
import type { components } from '@/api/schema'
import { hasAnyRole } from '@/session'

export type Dataset = components['schemas']['DatasetDto']
export type Column = components['schemas']['ColumnDto']
export type Provider = components['schemas']['ProviderDto']
export type Consent = components['schemas']['ConsentDto']
export type Classification = components['schemas']['ClassificationDto']
export type DatasetGrant = components['schemas']['DatasetGrantDto']
export type ConsentBulkResult = components['schemas']['ConsentBulkResult']
export type DatasetDataResult = components['schemas']['DatasetDataResult']

export const OPENNESS = ['OPEN', 'CONDITIONAL', 'PROHIBITED'] as const
export const QUALITY = ['UNASSESSED', 'VERIFIED', 'ISSUES_REPORTED'] as const
export const GRADES = [1, 2, 3, 4] as const
/** The column types the catalog accepts (Spark SQL names; decimal(p,s) is typed in). */
export const TYPES = ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp', 'decimal(18,2)'] as const
export const TYPE_PATTERN = /^(string|int|bigint|double|boolean|date|timestamp|decimal\(\d{1,2},\d{1,2}\))$/
export const COLUMN_NAME = /^[a-z][a-z0-9_]{0,62}$/

export function loadDatasets(): Promise<Dataset[]> {
  return listAll((pageToken) => api.GET('/api/v1/datasets', { params: { query: { pageToken, limit: 1000 } } }))
}

export function loadProviders(): Promise<Provider[]> {
  return listAll((pageToken) => api.GET('/api/v1/providers', { params: { query: { pageToken, limit: 1000 } } }))
}

let classifications: Promise<Classification[]> | undefined
/** The classification rules from the platform (lowest grade, identifying, mask per grade): asked once per page load. */
export function loadClassifications(): Promise<Classification[]> {
  classifications ??= unwrap(api.GET('/api/v1/classifications')).catch((e) => {
    classifications = undefined
    throw e
  })
  return classifications
}

/** The mask the platform applies to a column of this classification and grade ("NONE", "HASH", ...). */
export function maskOf(rules: Classification[], classification?: string, grade?: number): string | undefined {
  const rule = rules.find((r) => r.classification === classification)
  if (!rule || !grade) return undefined
  return rule.masksByGrade?.[grade - 1]
}

export function ruleOf(rules: Classification[], classification?: string): Classification | undefined {
  return rules.find((r) => r.classification === classification)
}

export function gradeTagType(grade?: number): 'success' | 'info' | 'warning' | 'danger' {
  return grade === 4 ? 'danger' : grade === 3 ? 'warning' : grade === 2 ? 'info' : 'success'
}

/** The catalog list this user reaches from the menu: the provider's own section, or the authority's. */
export function catalogHome(): string {
  return hasAnyRole(['data-provider']) ? '/datasets' : '/catalog'
}

/** One editable row of the classification grid. */
export interface GridRow {
  key: number
  name: string
  type: string
  description: string
  classification: string
  grade: number
}
