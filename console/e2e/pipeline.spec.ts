import { expect, test, type Page } from '@playwright/test'
import { createHash } from 'node:crypto'
import { expectNoProblem, loginAs, open, pickMore, pickOption, shot } from './support/console'
import { call, organization } from './support/platform'

/** Signs the current persona out (forgets its tokens) and signs in as another through the real login flow. */
async function as(page: Page, user: string): Promise<void> {
  await page.goto('/')
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear() })
  await page.context().clearCookies()
  await loginAs(page, user)
}

function document(name: string): { name: string; mimeType: string; buffer: Buffer; sha: string } {
  const buffer = Buffer.from(`%PDF-1.4\n% ${name}: a material of the application, written by the e2e test at ${Date.now()}\n%%EOF\n`)
  return { name, mimeType: 'application/pdf', buffer, sha: createHash('sha256').update(buffer).digest('hex') }
}


test('the authority grants a workspace', { tag: ['@R-12', '@R-13', '@R-14', '@R-05', '@R-15', '@R-16'] }, async ({ page }) => {
  test.setTimeout(600_000)
  const orgId = await organization('海信数据科技有限公司')

  // ---- the applicant requests a lab
  await as(page, 'applicant')
  await open(page, '/my-labs')
  await page.getByTestId('pipeline-lab-request').click()
  await pickOption(page, 'pipeline-lab-org', orgId)
  await pickOption(page, 'pipeline-lab-datasets', 'registry.enterprises')
  await pickMore(page, 'tax.payments')
  await page.keyboard.press('Escape')
  await page.getByTestId('pipeline-lab-approach').fill('以工商登记与纳税数据构建企业信用特征')
  await page.getByTestId('pipeline-lab-market').fill('为本地银行提供中小企业信用评分')
  await shot(page, 'pipeline-lab-request')
  await page.getByTestId('pipeline-lab-submit').click()
  await expect(page.getByTestId('pipeline-lab-form')).toBeHidden()
  const labs = await call<any[]>('applicant', 'GET', '/api/v1/labs?limit=1000')
  const lab = labs.find((l) => l.organizationId === orgId)
  expect(lab, 'the lab requested in the browser').toBeTruthy()
  await expect(page.getByTestId(`pipeline-lab-state-${lab.id}`)).toHaveText('待审批')

  // ---- the authority approves it, then completes it with its evaluation
  await as(page, 'admin')
  await open(page, '/labs')
  await page.getByTestId(`pipeline-lab-approve-${lab.id}`).click()
  await page.getByTestId('pipeline-lab-note').fill('同意开展实验')
  await page.getByTestId('pipeline-lab-confirm').click()
  await expect(page.getByTestId(`pipeline-lab-state-${lab.id}`)).toHaveText('进行中')
  await page.getByTestId(`pipeline-lab-complete-${lab.id}`).click()
  await page.getByTestId('pipeline-lab-summary').fill('在脱敏数据上验证通过')
  await page.getByTestId('pipeline-lab-findings').fill('无需原始标识字段')
  await page.getByTestId('pipeline-lab-confirm').click()
  await expect(page.getByTestId(`pipeline-lab-state-${lab.id}`)).toHaveText('已完成')

  // ---- the applicant creates the application and uploads the five materials as files
  await as(page, 'applicant')
  await open(page, '/my-applications')
  await page.getByTestId('pipeline-app-create').click()
  await pickOption(page, 'pipeline-app-lab', lab.id)
  await page.getByTestId('pipeline-app-scenario').fill('中小企业信用评分')
  await page.getByTestId('pipeline-app-create-submit').click()
  await page.waitForURL(/#\/applications\/app-/)
  const appId = decodeURIComponent(page.url().split('/applications/')[1])
  const files: Record<string, ReturnType<typeof document>> = {
    APPLICATION_FORM: document('申请表.pdf'),
    AUDIT_AND_FINANCIAL_REPORTS: document('审计报告.pdf'),
    DATA_SECURITY_COMMITMENT: document('数据安全承诺书.pdf'),
    SECURITY_RISK_SELF_ASSESSMENT: document('安全风险自评估.pdf'),
  }
  for (const [kind, file] of Object.entries(files)) {
    await page.getByTestId(`pipeline-material-file-${kind}`).setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: file.buffer })
    await expect(page.getByTestId(`pipeline-material-sha-${kind}`)).toHaveText(file.sha)
    await expect(page.getByTestId(`pipeline-material-name-${kind}`)).toHaveText(file.name)
  }
  await expectNoProblem(page)
  await page.getByTestId('pipeline-app-submit').click()
  await expect(page.getByTestId('pipeline-app-state')).toHaveText('已提交')
  const submitted = await call('admin', 'GET', `/api/v1/applications/${appId}`)
  for (const [kind, file] of Object.entries(files)) expect(submitted.materials[kind].sha256).toBe(file.sha)

  // ---- an expert and a sector provider review it, point by point
  for (const reviewer of ['expert', 'provider']) {
    await as(page, reviewer)
    await open(page, `/applications/${appId}`)
    // a reviewer reads the materials: the download answers the uploaded bytes
    const downloading = page.waitForEvent('download')
    await page.getByTestId('pipeline-material-download-APPLICATION_FORM').click()
    const downloaded = await downloading
    const path = await downloaded.path()
    const { readFileSync } = await import('node:fs')
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(files.APPLICATION_FORM.sha)
    for (const point of ['APPLICANT', 'PRODUCT_FEASIBILITY_AND_COMPLIANCE', 'DATA_SECURITY_AND_PERSONAL_INFORMATION', 'EMERGENCY_PLAN']) {
      await page.getByTestId(`pipeline-review-comment-${point}`).fill(reviewer === 'expert' ? '符合要求' : '行业意见：同意')
    }
    await page.getByTestId('pipeline-review-submit').click()
    await expect(page.getByTestId(`pipeline-review-${reviewer}`)).toBeVisible()
    await expectNoProblem(page)
  }

  // ---- the coordination body deliberates, the leading group approves
  await as(page, 'coordination')
  await open(page, `/applications/${appId}`)
  await page.getByTestId('pipeline-deliberation-attendees').fill('统筹协调机构全体成员')
  await page.getByTestId('pipeline-deliberation-minutes').fill('经审议，同意授权')
  await page.getByTestId('pipeline-deliberation-submit').click()
  await expect(page.getByTestId('pipeline-deliberation')).toBeVisible()
  await expect(page.getByTestId('pipeline-app-state')).toHaveText('已审议')

  await as(page, 'leading-group')
  await open(page, `/applications/${appId}`)
  await page.getByTestId('pipeline-approval-number').fill(`甬数领〔${new Date().getFullYear()}〕${Date.now() % 100000}号`)
  await page.getByTestId('pipeline-approval-note').fill('同意')
  await page.getByTestId('pipeline-approval-submit').click()
  await expect(page.getByTestId('pipeline-approval')).toBeVisible()
  await expect(page.getByTestId('pipeline-app-state')).toHaveText('已批准')

  // ---- the authority signs the agreement: the grant
  await as(page, 'admin')
  await open(page, `/applications/${appId}`)
  await expect(page.getByTestId('pipeline-review-expert')).toBeVisible()
  await page.getByTestId('pipeline-materials').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await shot(page, 'pipeline-application-detail')
  const agreement = document('授权运营协议.pdf')
  await page.getByTestId('pipeline-grant-file').setInputFiles({ name: agreement.name, mimeType: agreement.mimeType, buffer: agreement.buffer })
  await expect(page.getByTestId('pipeline-grant-sha')).toHaveValue(agreement.sha)
  await page.getByTestId('pipeline-grant-create').click()
  await expect(page.getByTestId('pipeline-grant-state')).toHaveText('已签协议')
  const grantId = (await page.getByTestId('pipeline-grant-link').textContent())?.trim() ?? ''
  expect(grantId).toMatch(/\S/)
  await expect(page.getByTestId('pipeline-grant-activate')).toBeVisible()

  // ---- the applicant files the emergency plan
  await as(page, 'applicant')
  await open(page, `/applications/${appId}`)
  const plan = document('应急预案.pdf')
  await page.getByTestId('pipeline-plan-file').setInputFiles({ name: plan.name, mimeType: plan.mimeType, buffer: plan.buffer })
  await expect(page.getByTestId('pipeline-plan-sha')).toHaveValue(plan.sha)
  await page.getByTestId('pipeline-plan-summary').fill('隔离并通报')
  await page.getByTestId('pipeline-plan-contacts').fill('值班室 0574-00000000')
  await page.getByTestId('pipeline-plan-submit').click()
  // the plan is recorded (it may still be replaced until activation, so the form stays)
  await expect(page.getByTestId('pipeline-grant')).toContainText(plan.name)
  await expectNoProblem(page)

  // ---- the authority activates it
  await as(page, 'admin')
  await open(page, `/applications/${appId}`)
  await page.getByTestId('pipeline-grant-activate').click()
  await expect(page.getByTestId('pipeline-grant-state')).toHaveText('生效中')
  await expectNoProblem(page)
  const grant = await call('admin', 'GET', `/api/v1/grants/${grantId}`)
  expect(grant.state).toBe('ACTIVE')
  expect(grant.applicationId).toBe(appId)
  expect(grant.agreement.sha256).toBe(agreement.sha)
  expect(grant.emergencyPlan.sha256).toBe(plan.sha)
  await expect(page.getByTestId('pipeline-grant-link')).toHaveAttribute('href', `#/grants/${grantId}`)

  await open(page, '/applications')
  await page.getByTestId('pipeline-stage-GRANTED').click()
  await expect(page.getByTestId(`pipeline-app-link-${appId}`)).toBeVisible()
  await page.getByTestId('pipeline-stage-GRANTED').click()
  await shot(page, 'pipeline-applications')
})
