/**
 * Writes the README's phone picture (docs/screenshot-phone-1366-zh-CN.png, and the en-US
 * one): the workspace at 1366 × 768 with the call bar in a live call — registered with the
 * telephony lab, 示闲 chosen, an inbound call from the JsSIP peer answered and put on mute.
 * Needs Kamailio and rtpengine (e2e/lab). Run after building the renderer:
 *
 *   npm run build:renderer && npx node e2e/phone-screenshot.ts
 *
 * Look at every picture before committing it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect } from '@playwright/test';
import { AGENT, openAndLogin } from './fixtures/desk.ts';
import { startPhoneWorld } from './fixtures/phone.ts';
import { repoRoot } from './host/lab.ts';

const rootDir = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-phone-shot-'));
const world = await startPhoneWorld(chromium, rootDir, { viewport: { width: 1366, height: 768 } });
try {
  const { desk, peer, telephony, lab } = world;
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveAttribute('data-state', 'ready');
  await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await desk.getByTestId('phone-answer').click();
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-inbound', 'flowing', { timeout: 20_000 });
  await desk.getByTestId('phone-mute').click();
  await expect(call).toHaveAttribute('data-mute', 'muted');
  await expect(desk.getByTestId('phone-call-timer')).not.toHaveText('00:00');
  for (const language of ['zh-CN', 'en-US'] as const) {
    await desk.getByTestId('language-switch').selectOption(language);
    await expect(desk.locator('html')).toHaveAttribute('lang', language);
    await desk.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    const file = path.join(repoRoot, 'docs', `screenshot-phone-1366-${language}.png`);
    await desk.screenshot({ path: file });
    process.stdout.write(`wrote ${path.relative(repoRoot, file)}\n`);
  }
  await desk.getByTestId('phone-hangup').click();
} finally {
  await world.close();
  await rm(rootDir, { recursive: true, force: true });
}
