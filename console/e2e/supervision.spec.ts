import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { expectNoProblem, loginAs, missingKeys, open, shot } from './support/console'
import { call, grantedWorkspace, runJob, type GrantedWorkspace } from './support/platform'

/**
 * grantedWorkspace(), tolerating the moment after activation when the workspace record is not yet written:
 * support/platform.ts awaitWorkspace fails on that 404 instead of waiting (reported to the integrator). The
 * workspace id is the grant id, so the wait continues here.
 */
async function activeWorkspace(): Promise<Pick<GrantedWorkspace, 'grantId' | 'database'>> {
  try {
    return await grantedWorkspace()
  } catch (e) {
    const m = String(e).match(/GET \/api\/v1\/workspaces\/(grant-[0-9a-f-]+) -> 404/)
    if (!m) throw e
    const deadline = Date.now() + 120_000
    for (;;) {
      const ws = await call('security', 'GET', `/api/v1/workspaces/${m[1]}`).catch(() => undefined)
      if (ws && (ws.state === 'READY' || ws.state === 'ACTIVE')) return { grantId: m[1], database: ws.database }
      if (Date.now() > deadline) throw e
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
}

/** The explorer's canvas, read through the page's hook (window.__shuyuLineage.cy): which node ids are drawn. */
async function drawn(page: Page, ids: string[]): Promise<Record<string, boolean>> {
  return page.evaluate((wanted) => {
    const cy = (window as any).__shuyuLineage?.cy
    return Object.fromEntries(wanted.map((id: string) => [id, !!cy && cy.getElementById(id).nonempty()]))
  }, ids)
}

/** An Element Plus input by test id: Element Plus puts the attribute on the native input or on its wrapper. */
function field(page: Page, testId: string) {
  return page.getByTestId(testId).locator('xpath=descendant-or-self::input').first()
}

async function nodeCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('supervision-lineage-stats').getAttribute('data-nodes'))
}

/** Picks a node with the keyboard-accessible "find in graph" box, which selects it and shows its panel. */
async function findNode(page: Page, id: string): Promise<void> {
  const box = field(page, 'supervision-lineage-find')
  await box.fill(id)
  await page.locator('.el-autocomplete-suggestion li:visible', { hasText: id }).first().click()
  await expect(page.getByTestId('supervision-lineage-selected')).toHaveText(id)
}

test('the security supervisor traces a product back to its sources, expands downstream, verifies the audit chain, exports the grant\'s audit records, reads the policies and the running work',
  { tag: ['@R-24c', '@R-26', '@R-24d'] }, async ({ page }) => {
    // Setup by API: an active grant, a job that makes a table from two catalog datasets, a product candidate of it.
    test.setTimeout(480_000) // the setup runs a real job in a child JVM: minutes on a loaded 2-core machine
    // SHUYU_E2E_SUPERVISION_GRANT reuses a workspace where this test's job already ran (iterating by hand on a slow
    // machine, where the job alone takes minutes); CI always sets everything up afresh.
    const reuse = process.env.SHUYU_E2E_SUPERVISION_GRANT
    const ws = reuse
      ? { grantId: reuse, database: (await call('security', 'GET', `/api/v1/workspaces/${reuse}`)).database as string }
      : await activeWorkspace()
    const table = 'sup_industry_totals'
    if (!reuse) {
      const job = await runJob(ws.grantId, 'supervision-totals', [
        `CREATE TABLE ${table} AS SELECT e.industry, count(DISTINCT e.uscc) AS enterprises, sum(t.amount) AS total ` +
          'FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry',
      ])
      expect(job.state, JSON.stringify(job)).toBe('SUCCEEDED')
    }
    const product = await call('engineer', 'POST', '/api/v1/products', {
      grantId: ws.grantId, name: `supervision-totals-${Date.now()}`, kind: 'DATA_PACKAGE', table, groupSizeColumn: 'enterprises',
    })
    const tableId = `${ws.database}.${table}`

    await loginAs(page, 'security')

    // Product trace: product -> its table -> the job's statement -> the catalog datasets.
    await open(page, `/lineage?product=${product.id}`)
    await expect.poll(() => nodeCount(page)).toBeGreaterThanOrEqual(4)
    await expect.poll(() => drawn(page, [`product:${product.id}`, tableId, 'registry.enterprises', 'tax.payments'])).toEqual({
      [`product:${product.id}`]: true, [tableId]: true, 'registry.enterprises': true, 'tax.payments': true,
    })
    await expect(page.getByTestId('supervision-lineage-panel')).toContainText(`CREATE TABLE ${table}`)

    // The table searched by hand (keyboard), one level upstream: its two sources.
    await open(page, '/lineage')
    await field(page, 'supervision-lineage-dataset').fill(tableId)
    await page.getByTestId('supervision-lineage-direction').click()
    await page.getByRole('option', { name: '上游' }).click()
    await page.getByTestId('supervision-lineage-search').click()
    await expect.poll(() => nodeCount(page)).toBe(3)
    await expect.poll(() => drawn(page, [tableId, 'registry.enterprises', 'tax.payments'])).toEqual({
      [tableId]: true, 'registry.enterprises': true, 'tax.payments': true,
    })

    // Expand a source one level downstream: everything the API says is one step below it is merged in.
    await findNode(page, 'tax.payments')
    const taxGrade = (await call('security', 'GET', '/api/v1/datasets/tax.payments')).grade
    await expect(page.getByTestId('supervision-lineage-panel')).toContainText(`${taxGrade} 级`) // its catalog grade
    await page.getByTestId('supervision-lineage-expand-down').click()
    await expect(page.getByTestId('supervision-lineage-expand-down')).toContainText('✓')
    const below = await call('security', 'GET', '/api/v1/lineage?dataset=tax.payments&direction=downstream&depth=1&maxNodes=2000')
    const names: string[] = below.datasets.map((d: any) => d.name)
    expect(names).toContain(tableId)
    await expect.poll(async () => Object.entries(await drawn(page, names)).filter(([, v]) => !v).map(([k]) => k)).toEqual([])
    await findNode(page, tableId)
    await shot(page, 'supervision-lineage')
    await expectNoProblem(page)

    // The audit chain is verified and intact.
    await open(page, '/audit')
    await page.getByTestId('supervision-audit-verify').click()
    await expect(page.getByTestId('supervision-audit-verdict')).toHaveAttribute('data-intact', 'true')
    await expect(page.getByTestId('supervision-audit-verdict')).toContainText('审计链完整')

    // The grant's audit records, then the CSV of that filter.
    await field(page, 'supervision-audit-subject').fill(ws.grantId)
    await page.getByTestId('supervision-audit-search').click()
    const rows = page.getByTestId('supervision-audit-table').locator('.el-table__body tr.el-table__row')
    await expect(rows.first()).toBeVisible()
    await expect(page.getByTestId('supervision-audit-table')).toContainText(ws.grantId)
    const shown = await rows.count()
    await shot(page, 'supervision-audit')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('supervision-audit-export').click()])
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '')
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('seq,at,actor,actorRoles,action,subjectType,subjectId,organizationId,accountablePerson,outcome,code,detail,prevHash,hash')
    expect(lines.length - 1).toBeGreaterThanOrEqual(shown)
    const api = await call('security', 'GET', `/api/v1/audit?subject=${ws.grantId}&limit=1000`)
    expect(lines.length - 1).toBeLessThanOrEqual(api.records.length) // the log only grows
    expect(lines.length - 1).toBeGreaterThanOrEqual(Math.min(api.records.length, shown))
    expect(lines.slice(1).every((l) => l.includes(ws.grantId))).toBe(true)
    expect(csv).toContain(api.records[0].hash)

    // The workspace's compiled policies, readable and raw.
    await open(page, `/policies?workspace=${ws.grantId}`)
    await expect(page.getByTestId('supervision-policies-summary')).toContainText(`shuyu_${ws.grantId.replace(/-/g, '_')}`)
    await expect(page.getByTestId('supervision-policies-access').locator('.el-table__body tr').first()).toBeVisible()
    await expect(page.getByTestId('supervision-policies-masks')).toContainText(/registry\.enterprises|enterprises/)
    await shot(page, 'supervision-policies')
    await page.getByTestId('supervision-policies-raw').click()
    await expect(page.getByTestId('supervision-policies-json')).toContainText('"serviceName"')

    // Work running now across workspaces: a job submitted now is listed while it is queued or running.
    const running = await call('engineer', 'POST', `/api/v1/workspaces/${ws.grantId}/jobs`, {
      name: 'supervision-running', steps: [{ sql: `SELECT count(*) FROM ${table}` }, { sql: `SELECT count(*) FROM ${table}` }],
    })
    await open(page, '/running')
    await expect(page.getByTestId('supervision-running-checked')).toBeVisible()
    const seen = await page.getByTestId('supervision-running-jobs').getByText(running.id).isVisible().catch(() => false)
    const after = await call('engineer', 'GET', `/api/v1/jobs/${running.id}`)
    // The job is listed, or it had already ended when the page asked (a fast machine): never listed after its end.
    if (!seen) expect(['SUCCEEDED', 'FAILED', 'CANCELLED', 'REFUSED']).toContain(after.state)
    await expectNoProblem(page)
    expect(await missingKeys(page)).toEqual([])
  })

test('the lineage explorer stays fluid at 10,000 nodes', { tag: ['@R-24c'] }, async ({ page }) => {
  await loginAs(page, 'security')
  const began = Date.now()
  await page.goto('/#/lineage?synthetic=10000')
  const stats = page.getByTestId('supervision-lineage-stats')
  await expect(stats).toHaveAttribute('data-nodes', '10000', { timeout: 60_000 })
  await expect.poll(async () => Number(await stats.getAttribute('data-render-ms')), { timeout: 60_000 }).toBeGreaterThan(0)
  const firstRenderMs = Date.now() - began
  const renderMs = Number(await stats.getAttribute('data-render-ms'))

  // Frame times while a user pans (mouse drag) and zooms (wheel): every animation frame's gap is recorded from the
  // first input to the last. Cytoscape draws a texture of the graph during such gestures (textureOnViewport).
  await page.evaluate(() => {
    const w = window as any
    w.__gaps = []
    w.__recording = true
    let last = performance.now()
    const tick = () => {
      const now = performance.now()
      w.__gaps.push(now - last)
      last = now
      if (w.__recording) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  const box = (await page.getByTestId('supervision-lineage-canvas').boundingBox())!
  const x = box.x + box.width / 2
  const y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  for (let i = 1; i <= 40; i++) await page.mouse.move(x + i * 6, y + i * 3)
  await page.mouse.up()
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i % 3 === 2 ? 120 : -100)
  const frames: number[] = await page.evaluate(() => {
    const w = window as any
    w.__recording = false
    return (w.__gaps as number[]).slice(1)
  })
  // And the worst case: the viewport moved by code every frame, so each frame is a full redraw of 10,000 nodes.
  const redraws: number[] = await page.evaluate(async () => {
    const cy = (window as any).__shuyuLineage.cy
    const gaps: number[] = []
    let last = performance.now()
    for (let i = 0; i < 20; i++) {
      if (i % 2) cy.panBy({ x: 12, y: 7 })
      else cy.zoom({ level: cy.zoom() * 1.05, renderedPosition: { x: 400, y: 300 } })
      await new Promise((r) => requestAnimationFrame(r))
      const now = performance.now()
      gaps.push(now - last)
      last = now
    }
    return gaps
  })
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
  const p90 = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length * 0.9)]
  const figures = {
    nodes: 10000, firstRenderMs, renderMs, gestureFrames: frames.length, medianFrameMs: Math.round(median(frames)),
    p90FrameMs: Math.round(p90(frames)), medianFullRedrawMs: Math.round(median(redraws)),
  }
  console.log('lineage explorer at 10,000 nodes:', JSON.stringify(figures))
  test.info().annotations.push({ type: 'benchmark', description: JSON.stringify(figures) })
  expect(firstRenderMs).toBeLessThan(15_000)
  expect(figures.medianFrameMs).toBeLessThan(100)
  await expectNoProblem(page)
})
