import { expect, test, type Page } from '@playwright/test'
import { expectNoProblem, loginAs, missingKeys, open, shot } from './support/console'
import { call, grantedWorkspace, type GrantedWorkspace } from './support/platform'

/** Logs the current user out and another one in (the real login flow). */
async function switchUser(page: Page, user: string): Promise<void> {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await expect(page.getByTestId('login')).toBeVisible()
  await loginAs(page, user)
}

async function expectState(page: Page, state: string): Promise<void> {
  await expect(page.getByTestId('grants-detail-state')).toHaveAttribute('data-state', state)
}

/** A local date and time n days from now, as a datetime-local input takes it. */
function localDateTime(days: number): string {
  const d = new Date(Date.now() + days * 86400_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

let granted: GrantedWorkspace

/**
 * grantedWorkspace(), but this spec needs only the grant: when the helper's wait for the workspace meets the 404 of a
 * workspace still being provisioned (support/platform.ts awaitWorkspace does not retry it yet), the ACTIVE grant it
 * set up is read back by its id.
 */
async function activeGrant(): Promise<GrantedWorkspace> {
  try {
    return await grantedWorkspace()
  } catch (e) {
    const m = String(e).match(/GET \/api\/v1\/workspaces\/([A-Za-z0-9-]+) -> 404/)
    if (!m) throw e
    const grant = await call('admin', 'GET', `/api/v1/grants/${m[1]}`)
    expect(grant.state).toBe('ACTIVE')
    return { organizationId: grant.organizationId, labId: '', applicationId: grant.applicationId, grantId: grant.id, database: '' }
  }
}

test.beforeAll(async () => {
  test.setTimeout(200_000)
  granted = await activeGrant()
})

test('the authority suspends a grant, the applicant rectifies, the authority reinstates; the time line shows it in order; a stale page shows the refusal',
  { tag: ['@R-17b', '@R-05'] }, async ({ page }) => {
    const id = granted.grantId
    await loginAs(page, 'admin')
    await open(page, '/grants')
    await page.getByTestId('grants-count-ACTIVE').click()
    const row = page.getByTestId(`grants-row-${id}`)
    await expect(row).toBeVisible()
    for (const state of await page.getByTestId('grants-row-state').allTextContents()) expect(state.trim()).toBe('生效中')
    await expectNoProblem(page)
    await shot(page, 'grants-list')

    await row.click()
    await expectState(page, 'ACTIVE')
    await page.getByTestId('grants-suspend-violation').fill('逾期报送安全事件')
    await page.getByTestId('grants-suspend-deadline').fill(localDateTime(10))
    await page.getByTestId('grants-suspend').click()
    await expectState(page, 'SUSPENDED')
    await expectNoProblem(page)

    await switchUser(page, 'applicant')
    await open(page, `/grants/${id}`)
    await expectState(page, 'SUSPENDED')
    await expect(page.getByTestId('grants-suspend')).toHaveCount(0) // not the applicant's action
    await page.getByTestId('grants-rectify-report').fill('已完善安全事件报送流程')
    await page.getByTestId('grants-rectify').click()
    await expectState(page, 'RECTIFICATION_REPORTED')
    await expectNoProblem(page)

    await switchUser(page, 'admin')
    await open(page, `/grants/${id}`)
    await expectState(page, 'RECTIFICATION_REPORTED')
    await page.getByTestId('grants-reinstate-note').fill('整改到位')
    await page.getByTestId('grants-reinstate').click()
    await expectState(page, 'ACTIVE')
    await expectNoProblem(page)

    // the time line (from the audit log) holds the three steps, in this order
    const items = page.getByTestId('grants-timeline-item')
    await expect(page.locator('[data-testid="grants-timeline-item"][data-action="grant.reinstate"]')).toHaveCount(1)
    const actions = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    const at = (a: string) => actions.indexOf(a)
    expect(at('grant.activate')).toBeGreaterThanOrEqual(0)
    expect(at('grant.activate')).toBeLessThan(at('grant.suspend'))
    expect(at('grant.suspend')).toBeLessThan(at('grant.rectification'))
    expect(at('grant.rectification')).toBeLessThan(at('grant.reinstate'))
    await page.locator('[data-testid="grants-timeline-item"][data-action="grant.reinstate"]').scrollIntoViewIfNeeded()
    await shot(page, 'grants-detail')

    // a stale page: the grant is suspended elsewhere meanwhile; this page's suspend is refused and the code shown
    await call('admin', 'POST', `/api/v1/grants/${id}/suspend`, {
      violation: 'second notice', rectificationDeadline: new Date(Date.now() + 5 * 86400_000).toISOString(),
    })
    await page.getByTestId('grants-suspend-violation').fill('重复暂停')
    await page.getByTestId('grants-suspend-deadline').fill(localDateTime(5))
    await page.getByTestId('grants-suspend').click()
    const problem = page.getByTestId('grants-actions').getByTestId('problem')
    await expect(problem).toBeVisible()
    await expect(problem.getByTestId('problem-code')).toHaveText(/PRECONDITION_FAILED|ILLEGAL_TRANSITION/)
    expect(await missingKeys(page)).toEqual([])
  })

test('the engineer sees the grant without actions, and a refusal of the API is shown with its code', { tag: ['@R-17b'] }, async ({ page }) => {
  await loginAs(page, 'engineer')
  await open(page, `/grants/${granted.grantId}`)
  await expect(page.getByTestId('grants-no-actions')).toBeVisible()
  await expect(page.getByTestId('grants-timeline')).toBeVisible()
  // the grants list is not the engineer's page: the console says so, the API too
  await page.goto('/#/grants/no-such-grant')
  await expect(page.getByTestId('problem-code').first()).toHaveText(/NOT_FOUND|FORBIDDEN/)
})

test('the applicant records a personnel vetting', { tag: ['@R-18'] }, async ({ page }) => {
  await loginAs(page, 'applicant')
  await open(page, `/personnel?org=${granted.organizationId}`)
  await expect(page.getByTestId('grants-personnel-table')).toBeVisible() // the engineer vetted during setup
  await page.getByTestId('grants-personnel-new').click()
  await page.getByTestId('grants-personnel-user').fill('engineer2')
  await page.getByTestId('grants-personnel-name').fill('王芳')
  await page.getByTestId('grants-personnel-today').click()
  for (const item of ['PRE_JOB_TRAINING', 'REAL_NAME_AUTHENTICATION', 'FILING_AND_VETTING', 'CONFIDENTIALITY_AGREEMENT']) {
    await page.getByTestId(`grants-personnel-evidence-${item}`).fill('档案编号 HX-2026-' + item.length)
  }
  await page.getByTestId('grants-personnel-save').click()
  await expect(page.getByTestId('grants-personnel-vetted-engineer2')).toHaveAttribute('data-vetted', 'true')
  await expectNoProblem(page)
  await shot(page, 'grants-personnel')
  const person = await call('applicant', 'GET', `/api/v1/organizations/${granted.organizationId}/personnel/engineer2`)
  expect(person.vetted).toBe(true)
})

test('the authority publishes an announcement and the engineer reads it', async ({ page }) => {
  const title = `公共数据授权运营公告 ${Date.now()}`
  await loginAs(page, 'admin')
  await open(page, '/announcements')
  await page.getByTestId('grants-announcement-new').click()
  await page.getByTestId('grants-announcement-title-input').fill(title)
  await page.getByTestId('grants-announcement-body').fill('面向中小企业信用评估场景征集运营单位。')
  await page.getByTestId('grants-announcement-conditions').fill('具备数据安全管理能力的本市企业')
  await page.getByTestId('grants-announcement-domain-INDUSTRY_VALUE').click()
  await page.getByTestId('grants-announcement-submit').click()
  await expect(page.getByTestId('grants-announcement-title').filter({ hasText: title })).toBeVisible()
  await expectNoProblem(page)

  await switchUser(page, 'engineer')
  await open(page, '/announcements')
  await expect(page.getByTestId('grants-announcement-title').filter({ hasText: title })).toBeVisible()
  await expectNoProblem(page)
  await shot(page, 'announcements')
})
