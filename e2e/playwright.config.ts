import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath, viewport } from './fixtures/chromium.ts';

/**
 * Browser e2e: the Vite-built renderer in Debian's Chromium (Playwright's own browsers
 * cannot be downloaded here), served by the desk test host against a real institution
 * server over HTTPS. Each test gets its own lab (e2e/fixtures/lab.ts).
 * Build the renderer first: npx vite build --config renderer/vite.config.ts
 */
export default defineConfig({
  outputDir: '../test-results',
  // 2-core machine: one worker; each test already runs a server, a host and a browser.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  // `npm test` reads the JSON report to print one closing 'N passed, N failed' line.
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '../test-results/e2e.json' }]],
  forbidOnly: true,
  use: {
    ...devices['Desktop Chrome'],
    viewport,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [
    { name: 'chromium', testDir: './specs' },
    // Runs only where an Electron binary exists; elsewhere each test skips and prints why.
    { name: 'electron', testDir: './electron' },
  ],
});
