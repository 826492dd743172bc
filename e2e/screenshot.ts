/**
 * Writes the README's screenshots (docs/screenshot-*.png) from a fresh browser-demo lab:
 * the login screen, the workspace and the lock screen, at 1366 × 768 (a laptop seat) and
 * 1920 × 1080 (a monitor seat), in zh-CN and en-US. Run after building the renderer:
 *
 *   npm run build:renderer && npx node e2e/screenshot.ts
 *
 * Look at every picture before committing it.
 */
import path from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { AGENT, fillLogin } from './fixtures/desk.ts';
import { chromiumArgs, chromiumPath } from './fixtures/chromium.ts';
import { repoRoot, startLab } from './host/lab.ts';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const LANGUAGES = ['zh-CN', 'en-US'] as const;
type Language = (typeof LANGUAGES)[number];

async function shoot(page: Page, name: string): Promise<void> {
  // Fonts (CJK included) and the watermark settle before the picture.
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  const { width } = page.viewportSize() ?? { width: 0 };
  const language = await page.locator('html').getAttribute('lang');
  const file = path.join(repoRoot, 'docs', `screenshot-${name}-${width}-${language}.png`);
  await page.screenshot({ path: file });
  process.stdout.write(`wrote ${path.relative(repoRoot, file)}\n`);
}

async function useLanguage(page: Page, language: Language): Promise<void> {
  await page.getByTestId('language-switch').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

const lab = await startLab();
try {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage({ viewport: SIZES[0] });
    await page.goto(lab.deskUrl);
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await shoot(page, 'login');

    await fillLogin(page, AGENT);
    await expect(page.getByTestId('workspace')).toBeVisible();
    await expect(page.getByTestId('app-version')).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const language of LANGUAGES) {
        await useLanguage(page, language);
        await shoot(page, 'workspace');
      }
    }

    // The last language above is en-US: the header's lock button says Lock.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    await page.getByTestId('unlock-password').fill('not-the-password');
    await page.getByTestId('unlock-submit').click();
    await expect(page.getByTestId('lock-screen').getByRole('alert')).toBeVisible();
    await shoot(page, 'lock');
  } finally {
    await browser.close();
  }
} finally {
  await lab.close();
}
