/**
 * Part of bench/call-setup.bench.ts: the answer click in the real desk. The rest of the bench
 * answers with `engine.answer()` in a plain page; here the agent clicks 接听 in the desk as
 * shipped (React, the phone store, the engine), a ringing call from the peer page, and the
 * desk's page records (renderer/bench/call-setup-click-recorder.ts, an init script that runs before
 * the desk's own code) when the click event was
 * dispatched, when the engine put the microphone on the sender (`RTCRtpSender.replaceTrack`)
 * and when the remote-audio element was unmuted (the agent hears the caller). Each call is then
 * hung up by the caller and wrap-up finished with a disposition, as an agent would.
 * Figures only.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import type { SipPeer } from '../e2e/fixtures/sip-peer.ts';
import type { ClickMarks } from '../renderer/bench/call-setup-api.ts';
import { waitFor } from './poll.ts';
import { printRow, summarize } from './stats.ts';

const recorderEntry = fileURLToPath(new URL('../renderer/bench/call-setup-click-recorder.ts', import.meta.url));

/** Installs the recorder; call before the desk's page loads. */
export async function prepareAnswerClicks(desk: Page): Promise<void> {
  const bundle = await build({ entryPoints: [recorderEntry], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent' });
  await desk.addInitScript({ content: bundle.outputFiles[0]?.text ?? '' });
}

/** `rounds` calls from `peer` to the signed-in desk, each answered by a click after `ringMs`. */
export async function measureAnswerClicks(desk: Page, peer: SipPeer, target: string, rounds: number, ringMs: number): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    await peer.call(target);
    const answer = desk.getByTestId('phone-answer');
    await answer.waitFor({ state: 'visible', timeout: 15_000 });
    await desk.waitForTimeout(ringMs);
    await answer.click();
    await waitFor(async () => (await desk.getByTestId('phone-call').getAttribute('data-phase').catch(() => null)) === 'active', 15_000, 'call active');
    await peer.hangup();
    const disposition = desk.getByTestId('phone-disposition');
    await disposition.waitFor({ state: 'visible', timeout: 15_000 });
    await disposition.focus();
    await desk.keyboard.press('ArrowDown');
    await desk.keyboard.press('Enter');
    await desk.getByTestId('phone-wrap-up').waitFor({ state: 'detached', timeout: 15_000 });
  }
  const marks = await desk.evaluate(() => (globalThis as unknown as { answerMarks: ClickMarks[] }).answerMarks);
  const after = (key: 'replace' | 'unmute') => marks.filter((m) => m[key] !== undefined).map((m) => ((m[key] ?? 0) - m.click) * 1e6);
  const toReplace = after('replace');
  const toUnmute = after('unmute');
  console.log(`\nthe answer click in the real desk (React, phone store, engine; early media), ${marks.length} calls rung ${ringMs} ms`);
  printRow('  click → microphone on the sender (replaceTrack)', summarize(toReplace), 'ms');
  printRow('  click → the agent hears the caller (element unmuted)', summarize(toUnmute), 'ms');
  if (toReplace.length < marks.length || toUnmute.length < marks.length) console.log(`  NOTE: ${marks.length - toReplace.length} calls without replaceTrack, ${marks.length - toUnmute.length} without an unmute after the click (answered without early media?)`);
}
