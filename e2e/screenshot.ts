/**
 * Writes docs/screenshot-workspace.png: agent A1001 signed in on a fresh lab, 1280×800,
 * for the README. Run after building the renderer:
 *
 *   npx node e2e/screenshot.ts
 */
import path from 'node:path';
import { chromium } from '@playwright/test';
import { AGENT, openAndLogin } from './fixtures/desk.ts';
import { chromiumArgs, chromiumPath, viewport } from './fixtures/chromium.ts';
import { repoRoot, startLab } from './host/lab.ts';

const target = path.join(repoRoot, 'docs', 'screenshot-workspace.png');

const lab = await startLab();
try {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage({ viewport });
    await openAndLogin(page, lab.deskUrl, AGENT);
    // Let fonts and the watermark settle before the picture.
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    await page.screenshot({ path: target });
    process.stdout.write(`wrote ${path.relative(repoRoot, target)}\n`);
  } finally {
    await browser.close();
  }
} finally {
  await lab.close();
}
