import { defineConfig } from '@playwright/test'

/**
 * Browser tests of the console against a running controller (SHUYU_URL), driving the system Chromium headless.
 * `mvn verify` runs them from console-e2e (ConsoleBrowserTest starts an embedded controller with the demo catalog);
 * by hand: `./run-embedded.sh` then `SHUYU_URL=http://127.0.0.1:8080 npx playwright test` in console/.
 */
export default defineConfig({
  testDir: './e2e',
  timeout: 240_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['junit', { outputFile: process.env.E2E_JUNIT ?? 'target/e2e-junit.xml' }]],
  outputDir: 'target/e2e-results',
  use: {
    baseURL: process.env.SHUYU_URL ?? 'http://127.0.0.1:8080',
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ],
    },
  },
})
