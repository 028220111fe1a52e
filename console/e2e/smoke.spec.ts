import { expect, test } from '@playwright/test'
import { loginAs, missingKeys, shot } from './support/console'

test('a newcomer logs in through the demo user page and sees a navigation that fits the roles', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('login')).toBeVisible()
  await shot(page, 'login')
  await page.getByTestId('login').click()
  await page.waitForURL(/\/dev\/oauth\/authorize/)
  await shot(page, 'login-demo-users')
  await page.locator('button[data-user="admin"]').click()
  await expect(page.getByTestId('welcome')).toContainText('欢迎')
  await shot(page, 'home-authority')
  expect(await missingKeys(page)).toEqual([])
})

test('the language switch turns every label to English and back', async ({ page }) => {
  await loginAs(page, 'engineer')
  await page.getByTestId('lang-switch').click()
  await expect(page.getByTestId('welcome')).toContainText('Welcome')
  await page.getByTestId('lang-switch').click()
  await expect(page.getByTestId('welcome')).toContainText('欢迎')
})

test('logging out forgets the tokens', async ({ page }) => {
  await loginAs(page, 'security')
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await expect(page.getByTestId('login')).toBeVisible()
  await page.goto('/#/')
  await expect(page.getByTestId('login')).toBeVisible()
})
