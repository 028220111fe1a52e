import { expect, test } from '@playwright/test'
import { expectNoProblem, loginAs, missingKeys, open, pickOption, shot } from './support/console'
import { call, grantedWorkspace } from './support/platform'

const pick = pickOption

test('the provider registers a dataset with the classification grid and uploads its consent file', { tag: ['@R-07', '@R-21b'] }, async ({ page }) => {
  const run = Date.now().toString(36)
  const id = `e2e_${run}.residents`
  await loginAs(page, 'provider')

  await open(page, '/datasets')
  await expect(page.getByTestId('provider-dataset-social.contributions')).toBeVisible()
  await pick(page, 'provider-filter-openness', '有条件开放')
  await expect(page.getByTestId('provider-dataset-police.household_registry')).toHaveCount(0)
  await expectNoProblem(page)
  await shot(page, 'provider-datasets')

  await page.getByTestId('provider-register-open').click()
  await expect(page.getByTestId('provider-grid')).toBeVisible()
  await page.getByTestId('provider-register-id').fill(id)
  await page.getByTestId('provider-register-title').fill('居民补贴发放记录（测试）')
  await page.getByTestId('provider-register-category').fill('社会保障')
  // The grid from a pasted CSV header
  await page.getByText('从 CSV 表头生成').click()
  await page.getByTestId('provider-register-header').fill('resident_id,Phone Number,district,amount,period')
  await page.getByTestId('provider-register-apply-header').click()
  await expect(page.getByTestId('provider-grid-name-4')).toHaveValue('period')
  await expect(page.getByTestId('provider-grid-name-1')).toHaveValue('phone_number')
  await pick(page, 'provider-grid-classification-0', '直接标识符')
  await pick(page, 'provider-grid-classification-1', '联系方式')
  await pick(page, 'provider-grid-classification-2', '准标识符')
  await pick(page, 'provider-grid-classification-3', '财务金额')
  await pick(page, 'provider-grid-grade-3', '4 级 高度敏感')
  await pick(page, 'provider-grid-type-3', 'decimal(18,2)')
  // The platform's rules: the lowest grade follows the classification, the mask follows classification and grade
  await expect(page.getByTestId('provider-grid-mask-resident_id')).toHaveText('加盐哈希')
  await expect(page.getByTestId('provider-grid-mask-phone_number')).toHaveText('仅显示后四位')
  await expect(page.getByTestId('provider-grid-mask-amount')).toHaveText('置空')
  await expect(page.getByTestId('provider-grid-identifying-district')).toHaveText('是')
  await expect(page.getByTestId('provider-grid-identifying-period')).toHaveText('否')
  // Validation before the API: a bad column name is marked and nothing is sent
  await page.getByTestId('provider-grid-name-4').fill('Period!')
  await page.getByTestId('provider-register-submit').click()
  await expect(page.getByText('小写字母开头，仅含 a-z、0-9、_，最多 63 个字符')).toBeVisible()
  await page.getByTestId('provider-grid-name-4').fill('period')
  await page.getByTestId('provider-register-person-level').click()
  await pick(page, 'provider-register-subject', 'resident_id')
  await page.getByTestId('provider-grid').scrollIntoViewIfNeeded()
  await shot(page, 'provider-dataset-register')
  await page.getByTestId('provider-register-submit').click()

  await page.waitForURL(new RegExp(`/datasets/${id.replace('.', '\\.')}$`))
  await expect(page.getByTestId('provider-dataset-overview')).toContainText('社会保障')
  await expect(page.getByTestId('provider-columns')).toContainText('加盐哈希')
  const registered = await call('provider', 'GET', `/api/v1/datasets/${id}`)
  expect(registered.columns.map((c: { classification: string; grade: number }) => `${c.classification}:${c.grade}`))
    .toEqual(['DIRECT_IDENTIFIER:3', 'CONTACT:3', 'QUASI_IDENTIFIER:2', 'FINANCIAL:4', 'BUSINESS:1'])
  expect(registered.subjectColumn).toBe('resident_id')

  // A consent file: applied whole, counted
  await page.getByRole('tab', { name: '个人同意' }).click()
  const csv = 'subjectId,granted,evidence\n330203199001010011,true,签署同意书 2026-11-01\n'
    + '330203199001010022,true,"线上授权, 编号 A-7"\n330203199001010033,false,撤回申请 2026-11-20\n'
  await page.getByTestId('provider-consents-file').setInputFiles({ name: 'consents.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await expect(page.getByTestId('provider-consents-result')).toContainText('已处理 3 行：新登记同意 2，撤回 1，未变化 0')
  await expect(page.getByTestId('provider-consents-table')).toContainText('330203199001010022')
  await expect(page.getByTestId('provider-consent-summary')).toContainText('已登记 3 人，其中同意 2 人、撤回 1 人')
  await shot(page, 'provider-consents')

  // A malformed file: the problem names the code and the line; nothing changes
  const bad = 'subjectId,granted,evidence\n330203199001010044,true,form\n330203199001010011,maybe,form\n'
  await page.getByTestId('provider-consents-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await expect(page.getByTestId('problem-code')).toHaveText('CONSENT_FILE_MALFORMED')
  await expect(page.getByTestId('problem-detail')).toContainText('line 3')
  const consents = await call('provider', 'GET', `/api/v1/datasets/${id}/consents?limit=100`)
  expect(consents.map((c: { subjectId: string; granted: boolean }) => `${c.subjectId}:${c.granted}`)).toEqual([
    '330203199001010011:true', '330203199001010022:true', '330203199001010033:false',
  ])
  expect(await missingKeys(page)).toEqual([])
})

test('the provider sees the grants that use its datasets', { tag: ['@R-21b'] }, async ({ page }) => {
  // The grant is what this test needs, not its workspace: when the harness's wait for the workspace meets a 404 (the
  // workspace is provisioned after activation; a race under load), the grant was already ACTIVE and its id is in the path.
  const granted = await grantedWorkspace(['registry.enterprises', 'tax.payments']).catch((e: Error) => {
    const m = e.message.match(/GET \/api\/v1\/workspaces\/(\S+) -> 404/)
    if (!m) throw e
    return { grantId: m[1] }
  })
  expect((await call('admin', 'GET', `/api/v1/grants/${granted.grantId}`)).state).toBe('ACTIVE')
  await loginAs(page, 'provider')
  await open(page, '/provider-grants')
  await expect(page.getByTestId('provider-grant-' + granted.grantId)).toBeVisible()
  await pick(page, 'provider-grants-dataset', 'tax.payments')
  await expect(page.getByTestId('provider-grant-' + granted.grantId)).toBeVisible()
  await expectNoProblem(page)
  await shot(page, 'provider-grants')
  // The dataset's own page lists it too
  await open(page, '/datasets/tax.payments')
  await page.getByRole('tab', { name: '使用此数据集的授权' }).click()
  await expect(page.getByTestId('provider-grant-' + granted.grantId)).toBeVisible()
  expect(await missingKeys(page)).toEqual([])
})
