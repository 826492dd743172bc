/**
 * Writes the README's screenshots (docs/screenshot-*.png): the login screen (1366 zh-CN),
 * the workspace at 1366 × 768 (a laptop seat) and 1920 × 1080 (a monitor seat) in zh-CN and
 * en-US, and the lock screen (1920 en-US). The workspace is shown as an agent sees it: signed
 * in, the phone registered with the telephony lab (已注册) and no call. That needs Kamailio and
 * rtpengine (e2e/lab, via startPhoneWorld); without them the script falls back to the plain
 * browser-demo lab and says so, and the call bar in those pictures says it is not configured.
 * Run after building the renderer:
 *
 *   npm run build:renderer && npx node e2e/screenshot.ts
 *
 * Look at every picture before committing it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { AGENT, fillLogin } from './fixtures/desk.ts';
import { chromiumArgs, chromiumPath } from './fixtures/chromium.ts';
import { startPhoneWorld } from './fixtures/phone.ts';
import { repoRoot, startLab } from './host/lab.ts';
import { locateLabBinaries, TelephonyLabUnavailableError } from './lab/preflight.ts';

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

/** A desk page at 1366 × 768 and its lab: with the telephony lab when it is installed. */
async function startWorld(): Promise<{ page: Page; deskUrl: string; telephony: boolean; close(): Promise<void> }> {
  try {
    locateLabBinaries();
  } catch (error) {
    if (!(error instanceof TelephonyLabUnavailableError)) throw error;
    process.stderr.write(`${error.message}\nFalling back to the browser demo without telephony: the call bar will say it is not configured.\n`);
    const lab = await startLab();
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true }).catch(async (launchError: unknown) => {
      await lab.close();
      throw launchError;
    });
    const page = await browser.newPage({ viewport: SIZES[0] });
    return {
      page,
      deskUrl: lab.deskUrl,
      telephony: false,
      close: async () => {
        await browser.close().catch(() => undefined);
        await lab.close();
      },
    };
  }
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-shot-'));
  const world = await startPhoneWorld(chromium, rootDir, { viewport: SIZES[0] }).catch(async (error: unknown) => {
    await rm(rootDir, { recursive: true, force: true });
    throw error;
  });
  return {
    page: world.desk,
    deskUrl: world.lab.deskUrl,
    telephony: true,
    close: async () => {
      await world.close();
      await rm(rootDir, { recursive: true, force: true });
    },
  };
}

const world = await startWorld();
try {
  const { page } = world;
  await page.goto(world.deskUrl);
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await shoot(page, 'login');

  await fillLogin(page, AGENT);
  await expect(page.getByTestId('workspace')).toBeVisible();
  await expect(page.getByTestId('app-version')).toBeVisible();
  if (world.telephony) {
    // Registered and idle: no call rings, none is in progress.
    await expect(page.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
    await expect(page.getByTestId('phone-call')).toHaveCount(0);
    await expect(page.getByTestId('phone-incoming')).toHaveCount(0);
  }
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
  await world.close();
}
