import { expect, test, type Page } from '@playwright/test'
import { loginAs, missingKeys } from './support/console'

/**
 * Every page of the navigation, for one demo user of every role, in both languages: it renders (a heading), it shows
 * no refusal (a page a role may open must work for it), and no text is an untranslated key.
 */
const USERS = ['admin', 'coordination', 'leading-group', 'provider', 'applicant', 'engineer', 'expert', 'security']
const KEY_LIKE = /\b(common|errors|pipeline|grants|provider|workspace|products|supervision|notifications)\.[a-zA-Z]+\.[a-zA-Z.]+/

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 8000 }).catch(() => undefined)
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0, { timeout: 15000 }).catch(() => undefined)
}

async function navPaths(page: Page): Promise<string[]> {
  const items = page.locator('[data-testid="nav"] [data-testid^="nav-"]')
  const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))
  return ids.map((id) => '/' + id.slice('nav-'.length))
}

for (const user of USERS) {
  test(`every page of ${user} renders in Chinese and English without refusals or untranslated keys`, async ({ page }) => {
    await loginAs(page, user, 'zh-CN')
    const paths = await navPaths(page)
    for (const language of ['zh-CN', 'en'] as const) {
      if (language === 'en') {
        await page.getByTestId('lang-switch').click()
        await expect(page.locator('html')).toHaveAttribute('lang', 'en')
      }
      for (const path of ['/', ...paths]) {
        await page.goto('/#' + path)
        await expect(page.locator('.page h1, main h1').first(), `${user} ${language} ${path}: a heading`).toBeVisible()
        await settle(page)
        const problems = await page.getByTestId('problem').allInnerTexts()
        expect(problems, `${user} ${language} ${path}: refusals shown`).toEqual([])
        const text = await page.locator('body').innerText()
        expect(text.match(KEY_LIKE)?.[0], `${user} ${language} ${path}: an untranslated key on the page`).toBeUndefined()
      }
    }
    expect(await missingKeys(page), `${user}: i18n keys without a message`).toEqual([])
  })
}
