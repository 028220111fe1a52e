import { expect, request, type APIRequestContext } from '@playwright/test'
import { createHash } from 'node:crypto'

/**
 * Setup through the REST API with the development issuer's tokens (POST /dev/token), for tests whose subject is a
 * later step: e.g. the engineer's spec needs an active grant, but granting it in the browser is the authority's spec.
 * Each call checks its status and says which step failed.
 */
export const BASE = process.env.SHUYU_URL ?? 'http://127.0.0.1:8080'
export const SHA = createHash('sha256').update('demo document').digest('hex')

/** Tokens per demo user with their expiry: a long spec outlives a token, so one is renewed a minute before it ends. */
const tokens = new Map<string, { value: string; expiresAt: number }>()
let ctx: APIRequestContext | undefined

async function context(): Promise<APIRequestContext> {
  ctx ??= await request.newContext({ baseURL: BASE })
  return ctx
}

export async function token(user: string): Promise<string> {
  const cached = tokens.get(user)
  if (cached && cached.expiresAt - Date.now() > 60_000) return cached.value
  const c = await context()
  const response = await c.post('/dev/token', { data: { username: user } })
  expect(response.status(), `token for ${user}`).toBe(200)
  const value = (await response.json()).access_token as string
  const claims = JSON.parse(Buffer.from(value.split('.')[1], 'base64url').toString('utf8')) as { exp: number }
  tokens.set(user, { value, expiresAt: claims.exp * 1000 })
  return value
}

/** One API call as a demo user; fails the test with the problem when the status is not 2xx. */
export async function call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<T> {
  const c = await context()
  const response = await c.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${await token(user)}`, Accept: 'application/json' },
    data: body === undefined ? undefined : body,
  })
  const text = await response.text()
  if (!response.ok()) throw new Error(`${user} ${method} ${path} -> ${response.status()}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) // Asia/Shanghai
}

export function plusDays(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10)
}

/** A valid unified social credit code (GB 32100) with a random body, so every run registers a new organization. */
export function uscc(): string {
  const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let first = '91330200'
  for (let i = 0; i < 9; i++) first += String(Math.floor(Math.random() * 10))
  const sum = [...first].reduce((s, ch, i) => s + cs.indexOf(ch) * w[i], 0)
  const c = 31 - (sum % 31)
  return first + cs[c === 31 ? 0 : c]
}

export interface GrantedWorkspace {
  organizationId: string
  labId: string
  applicationId: string
  grantId: string
  /** The workspace's Spark database (for lineage names such as DB.table). */
  database: string
}

/** An organization of the demo applicant, registered now. */
export async function organization(name = 'Haixin Data Co.'): Promise<string> {
  const org = await call('applicant', 'POST', '/api/v1/organizations', {
    name,
    uscc: uscc(),
    jurisdiction: '330200',
    establishedOn: '2016-05-01',
    accountablePerson: { userId: 'applicant', name: 'Li Qiang' },
  })
  return org.id
}

export const REVIEW = {
  opinions: [
    { point: 'APPLICANT', verdict: 'FAVOURABLE', comment: 'qualified' },
    { point: 'PRODUCT_FEASIBILITY_AND_COMPLIANCE', verdict: 'FAVOURABLE', comment: 'feasible' },
    { point: 'DATA_SECURITY_AND_PERSONAL_INFORMATION', verdict: 'FAVOURABLE', comment: 'adequate' },
    { point: 'EMERGENCY_PLAN', verdict: 'FAVOURABLE', comment: 'adequate' },
  ],
}

/**
 * The whole formal path by API (as scripts/demo-lifecycle.sh does with the CLI): organization, lab, application
 * with its five materials, expert and sector reviews, deliberation, approval, agreement with emergency plan,
 * activation, the engineer as a vetted member. The grant is ACTIVE and its workspace ready when this returns.
 */
export async function grantedWorkspace(
  datasetIds: string[] = ['registry.enterprises', 'tax.payments'],
  engineer = 'engineer',
): Promise<GrantedWorkspace> {
  const organizationId = await organization()
  const lab = await call('applicant', 'POST', '/api/v1/labs', {
    organizationId, datasetIds, developmentApproach: 'credit features', marketPlan: 'scores for local banks', months: 3,
  })
  await call('admin', 'POST', `/api/v1/labs/${lab.id}/approve`, { note: 'approved' })
  await call('admin', 'POST', `/api/v1/labs/${lab.id}/complete`, {
    conclusion: 'PASSED', summary: 'validated on masked data', findings: 'no raw identifiers needed',
  })
  const app = await call('applicant', 'POST', '/api/v1/applications', {
    labId: lab.id, scenario: 'SME credit scoring', priorityDomain: 'INDUSTRY_VALUE', level: 'MUNICIPAL',
  })
  for (const kind of ['application-form', 'data-security-commitment', 'security-risk-self-assessment']) {
    await call('applicant', 'PUT', `/api/v1/applications/${app.id}/materials/${kind}`, { documentName: `${kind}.pdf`, sha256: SHA })
  }
  const lastYearEnd = `${new Date().getUTCFullYear() - 1}-12-31`
  await call('applicant', 'PUT', `/api/v1/applications/${app.id}/materials/audit-and-financial-reports`, {
    documentName: 'audit.pdf', sha256: SHA, periodEnd: lastYearEnd,
  })
  await call('applicant', 'POST', `/api/v1/applications/${app.id}/submit`)
  await call('expert', 'POST', `/api/v1/applications/${app.id}/reviews`, REVIEW)
  await call('provider', 'POST', `/api/v1/applications/${app.id}/reviews`, REVIEW)
  await call('coordination', 'POST', `/api/v1/applications/${app.id}/deliberation`, {
    meetingDate: today(), attendees: 'coordination body', minutes: 'deliberated', outcome: 'APPROVE',
  })
  await call('leading-group', 'POST', `/api/v1/applications/${app.id}/approval`, {
    decisionNumber: 'NB-LG-' + Date.now(), approvedOn: today(), note: 'approved',
  })
  const grant = await call('admin', 'POST', '/api/v1/grants', {
    applicationId: app.id, termStart: today(), termEnd: plusDays(730),
    agreement: { documentName: 'agreement.pdf', sha256: SHA, signedOn: today() },
  })
  await call('applicant', 'PUT', `/api/v1/grants/${grant.id}/emergency-plan`, {
    documentName: 'plan.pdf', sha256: SHA, summary: 'isolate and notify', contacts: 'duty officer',
  })
  await call('admin', 'POST', `/api/v1/grants/${grant.id}/activate`)
  await call('applicant', 'POST', `/api/v1/grants/${grant.id}/members`, { userId: engineer, name: 'Zhang Wei' })
  const items: Record<string, unknown> = {}
  for (const item of ['PRE_JOB_TRAINING', 'REAL_NAME_AUTHENTICATION', 'FILING_AND_VETTING', 'CONFIDENTIALITY_AGREEMENT']) {
    items[item] = { completedOn: today(), evidence: 'demo record' }
  }
  await call('applicant', 'PUT', `/api/v1/organizations/${organizationId}/personnel/${engineer}`, { name: 'Zhang Wei', items })
  const workspace = await awaitWorkspace(grant.id, engineer)
  return { organizationId, labId: lab.id, applicationId: app.id, grantId: grant.id, database: workspace.database }
}

export async function awaitWorkspace(workspaceId: string, user = 'engineer'): Promise<any> {
  const deadline = Date.now() + 120_000
  const c = await context()
  for (;;) {
    // Right after activation the workspace is still being provisioned: 404 until its record exists.
    const response = await c.get(`/api/v1/workspaces/${workspaceId}`, {
      headers: { Authorization: `Bearer ${await token(user)}`, Accept: 'application/json' },
    })
    const text = await response.text()
    if (response.ok()) {
      const ws = JSON.parse(text)
      if (ws.state === 'READY' || ws.state === 'ACTIVE') return ws
    } else if (response.status() !== 404) {
      throw new Error(`${user} GET /api/v1/workspaces/${workspaceId} -> ${response.status()}: ${text}`)
    }
    if (Date.now() > deadline) throw new Error(`workspace ${workspaceId} not ready: ${response.status()} ${text}`)
    await new Promise((r) => setTimeout(r, 1000))
  }
}

/** Submits a job of SQL steps and waits until it ends; returns the finished job. */
export async function runJob(workspaceId: string, name: string, sql: string[], user = 'engineer'): Promise<any> {
  const job = await call(user, 'POST', `/api/v1/workspaces/${workspaceId}/jobs`, { name, steps: sql.map((s) => ({ sql: s })) })
  const deadline = Date.now() + 240_000
  for (;;) {
    const j = await call(user, 'GET', `/api/v1/jobs/${job.id}`)
    if (['SUCCEEDED', 'FAILED', 'REFUSED', 'CANCELLED', 'KILLED'].includes(j.state)) return j
    if (Date.now() > deadline) throw new Error(`job ${job.id} did not end: ${JSON.stringify(j)}`)
    await new Promise((r) => setTimeout(r, 1000))
  }
}
