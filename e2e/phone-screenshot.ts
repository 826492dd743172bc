/**
 * Writes the README's phone pictures, at 1366 × 768 and 1920 × 1080 in zh-CN and en-US:
 * - docs/screenshot-phone-<width>-<language>.png: a live inbound call from the JsSIP peer
 *   (a seeded demo customer) — screen pop with masked data, call quality, transfer and
 *   DTMF controls, muted;
 * - docs/screenshot-wrapup-<width>-<language>.png: the wrap-up card after the caller hung up;
 * - docs/screenshot-lock-call-1366-<language>.png: the lock screen's call bar while a call rings.
 * Needs Kamailio and rtpengine (e2e/lab). Run after building the renderer:
 *
 *   npm run build:renderer && npx node e2e/phone-screenshot.ts
 *
 * Look at every picture before committing it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { AGENT, openAndLogin } from './fixtures/desk.ts';
import { startPhoneWorld } from './fixtures/phone.ts';
import { repoRoot } from './host/lab.ts';

const LANGUAGES = ['zh-CN', 'en-US'] as const;
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const WAIT = { timeout: 20_000 };

async function shoot(desk: Page, name: string, sizes: readonly { width: number; height: number }[] = SIZES): Promise<void> {
  for (const size of sizes) {
    await desk.setViewportSize(size);
    for (const language of LANGUAGES) {
      await desk.getByTestId('language-switch').selectOption(language);
      await expect(desk.locator('html')).toHaveAttribute('lang', language);
      await desk.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
      const file = path.join(repoRoot, 'docs', `screenshot-${name}-${size.width}-${language}.png`);
      await desk.screenshot({ path: file });
      process.stdout.write(`wrote ${path.relative(repoRoot, file)}\n`);
    }
  }
  await desk.getByTestId('language-switch').selectOption('zh-CN');
}

const rootDir = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-phone-shot-'));
const world = await startPhoneWorld(chromium, rootDir, { viewport: SIZES[0] });
try {
  const { desk, peer, telephony, lab } = world;
  const dialAgent = () => peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', WAIT);
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveAttribute('data-state', 'ready');

  // 1. In a call: screen pop, quality measured, muted.
  await dialAgent();
  await desk.getByTestId('phone-answer').click();
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-inbound', 'flowing', WAIT);
  await expect(desk.getByTestId('phone-screen-pop')).toBeVisible(WAIT);
  await expect(desk.getByTestId('phone-call-quality')).toContainText('MOS', WAIT);
  await desk.getByTestId('phone-mute').click();
  await expect(call).toHaveAttribute('data-mute', 'muted');
  await shoot(desk, 'phone');

  // 2. The caller hangs up: wrap-up asks for a disposition.
  await peer.hangup();
  await expect(desk.getByTestId('phone-wrap-up')).toBeVisible(WAIT);
  await shoot(desk, 'wrapup');
  await desk.getByTestId('phone-disposition').selectOption({ index: 1 });
  await desk.getByTestId('phone-wrap-up-finish').click();
  await expect(desk.getByTestId('phone-wrap-up')).toBeHidden(WAIT);
  await expect(desk.getByTestId('phone-agent-reported')).toHaveAttribute('data-state', 'ready', WAIT);

  // 3. Locked while a call rings: the lock screen's call bar, the workspace hidden.
  await desk.keyboard.press('Control+Alt+L');
  await expect(desk.getByTestId('lock-screen')).toBeVisible(WAIT);
  await dialAgent();
  await expect(desk.getByTestId('lock-call-bar')).toBeVisible(WAIT);
  await shoot(desk, 'lock-call', [SIZES[0]]);
  await desk.getByTestId('lock-call-answer').click();
  await desk.getByTestId('lock-call-hangup').click();
} finally {
  await world.close();
  await rm(rootDir, { recursive: true, force: true });
}
