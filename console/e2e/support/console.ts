import { expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** docs/screenshots at the repository root: the tests keep the pictures the docs show. */
export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots')

/**
 * Logs in through the real flow: the console's login button, the development issuer's authorization page (code with
 * PKCE), the pick of a demo user, back to the console. Leaves the page on the home page, signed in.
 */
export async function loginAs(page: Page, username: string, language: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  await page.goto('/')
  await page.evaluate((lang) => localStorage.setItem('shuyu.locale', lang), language)
  await page.goto('/#/login')
  await page.getByTestId('login').click()
  await page.waitForURL(/\/dev\/oauth\/authorize/)
  await page.locator(`button[data-user="${username}"]`).click()
  await expect(page.getByTestId('welcome')).toBeVisible()
}

/** Opens a console page by its hash path ("/grants") and waits for its first heading. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto('/#' + path)
  await expect(page.locator('main h1, .page h1').first()).toBeVisible()
}

/** A full-page screenshot into docs/screenshots/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: false })
}

/** Fails the test when any page showed a refusal it did not expect. */
export async function expectNoProblem(page: Page): Promise<void> {
  await expect(page.getByTestId('problem')).toHaveCount(0)
}

/** The i18n keys that pages asked for and no dictionary had (collected by the console itself). */
export async function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __shuyuMissingKeys?: Set<string> }).__shuyuMissingKeys ?? [])])
}

/**
 * Picks an option of an Element Plus select by its test id. The dropdown is teleported to the body and fades out
 * after a pick, so a dropdown still closing from the previous pick would match too: wait until none is open, open
 * this one, and click inside the one dropdown that is then open. A multiple select stays open after the pick; further
 * options of it are clicked with {@link pickMore}.
 */
export async function pickOption(page: Page, selectTestId: string, text: string): Promise<void> {
  const open = page.locator('.el-select__popper:visible')
  await expect(open).toHaveCount(0)
  await page.getByTestId(selectTestId).click()
  await expect(open).toHaveCount(1)
  await open.locator('.el-select-dropdown__item', { hasText: text }).first().click()
}

/** Picks one more option in the multiple select that {@link pickOption} left open. */
export async function pickMore(page: Page, text: string): Promise<void> {
  await page.locator('.el-select__popper:visible .el-select-dropdown__item', { hasText: text }).first().click()
}
