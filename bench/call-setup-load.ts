/**
 * Part of bench/call-setup.bench.ts: what the real desk costs during a call (after the answer-click
 * rounds of call-setup-click.ts in the same world). The phone
 * e2e's world (e2e/fixtures/phone.ts: telephony lab, desk lab, Chromium, peer page) with an
 * agent signed in; the peer calls, the agent answers in the call bar, and for `callMs` the
 * desk's renderer is sampled every 10 s:
 *   - CDP Performance.getMetrics on the desk page: JSHeapUsedSize and TaskDuration (main-thread
 *     busy time), ScriptDuration;
 *   - CDP SystemInfo.getProcessInfo for the browser: CPU time per process; the renderers'
 *     resident memory from /proc/<pid>/status (VmRSS). The desk and the peer page each have a
 *     renderer; both are listed (the peer runs the same JsSIP in a plain page).
 * The same figures over an equal idle stretch (signed in, registered, no call) come first as
 * the baseline. Figures only.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { AGENT, fillLogin } from '../e2e/fixtures/desk.ts';
import { startPhoneWorld } from '../e2e/fixtures/phone.ts';
import { measureAnswerClicks, prepareAnswerClicks } from './call-setup-click.ts';
import { waitFor } from './poll.ts';

interface ProcessSample {
  id: number;
  type: string;
  cpuTime: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function processes(browserCdp: CDPSession): Promise<ProcessSample[]> {
  const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessSample[] };
  return processInfo;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

const mib = (bytes: number | undefined): string => `${((bytes ?? Number.NaN) / 1_048_576).toFixed(1)} MiB`;

/** Samples the desk for `ms` and prints one block; `label` says what was going on. */
async function observe(label: string, ms: number, desk: Page, cdp: CDPSession, browserCdp: CDPSession): Promise<void> {
  const startMetrics = await metrics(cdp);
  const startProcs = await processes(browserCdp);
  const started = Date.now();
  const heap: number[] = [startMetrics['JSHeapUsedSize'] ?? Number.NaN];
  while (Date.now() - started < ms) {
    await desk.waitForTimeout(Math.min(10_000, ms - (Date.now() - started)));
    heap.push((await metrics(cdp))['JSHeapUsedSize'] ?? Number.NaN);
  }
  const wallS = (Date.now() - started) / 1000;
  const endMetrics = await metrics(cdp);
  const endProcs = await processes(browserCdp);
  const busy = (name: string) => ((endMetrics[name] ?? 0) - (startMetrics[name] ?? 0)) / wallS;
  console.log(`\n${label} (${wallS.toFixed(1)} s)`);
  console.log(`  desk JS heap used: start ${mib(heap[0])}, end ${mib(heap.at(-1))}, peak ${mib(Math.max(...heap))}, every 10 s: ${heap.map((h) => (h / 1_048_576).toFixed(1)).join(' / ')} MiB`);
  console.log(`  desk main thread: TaskDuration ${(busy('TaskDuration') * 100).toFixed(2)} % of one core, ScriptDuration ${(busy('ScriptDuration') * 100).toFixed(2)} %`);
  const byId = new Map(startProcs.map((p) => [p.id, p.cpuTime]));
  const rows = await Promise.all(
    endProcs.map(async (p) => ({ ...p, cpu: (p.cpuTime - (byId.get(p.id) ?? p.cpuTime)) / wallS, rss: p.type === 'renderer' ? await rssMiB(p.id) : Number.NaN })),
  );
  for (const row of rows.sort((a, b) => b.cpu - a.cpu)) {
    console.log(`  ${row.type.padEnd(10)} pid ${String(row.id).padStart(7)}  CPU ${(row.cpu * 100).toFixed(2).padStart(6)} % of one core${Number.isNaN(row.rss) ? '' : `  RSS ${row.rss.toFixed(1)} MiB`}`);
  }
  console.log(`  all Chromium processes: CPU ${(rows.reduce((sum, r) => sum + r.cpu, 0) * 100).toFixed(2)} % of one core`);
}

/** `clicks`: answer-click rounds in the real desk first (call-setup-click.ts), each rung `ringMs`. */
export async function measureDeskLoad(callMs: number, clicks: { rounds: number; ringMs: number }): Promise<void> {
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-call-load-'));
  const world = await startPhoneWorld(chromium, rootDir);
  try {
    const { desk, lab, peer, telephony, browser } = world;
    await prepareAnswerClicks(desk);
    await desk.goto(lab.deskUrl);
    await fillLogin(desk, AGENT);
    const registration = desk.getByTestId('phone-registration');
    await waitFor(async () => (await registration.getAttribute('data-state').catch(() => null)) === 'registered', 30_000, 'registered', 100);
    if (clicks.rounds > 0) await measureAnswerClicks(desk, peer, `sip:${AGENT.id}@${telephony.domain}`, clicks.rounds, clicks.ringMs);
    const cdp = await desk.context().newCDPSession(desk);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const browserCdp = await browser.newBrowserCDPSession();
    console.log(`\nrenderer load: the desk (signed in, phone registered), Chromium ${browser.version()}, load average ${os.loadavg()[0]?.toFixed(2)}`);

    await observe('idle, no call (baseline)', callMs / 2, desk, cdp, browserCdp);

    await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
    await desk.getByTestId('phone-answer').click({ timeout: 15_000 });
    const call = desk.getByTestId('phone-call');
    await waitFor(async () => (await call.getAttribute('data-phase').catch(() => null)) === 'active', 15_000, 'call active', 100);
    await waitFor(async () => (await call.getAttribute('data-inbound').catch(() => null)) === 'flowing', 15_000, 'audio flowing', 100);
    await observe('in a call, two-way audio', callMs, desk, cdp, browserCdp);
    if ((await call.getAttribute('data-inbound')) !== 'flowing') console.log('  NOTE: inbound audio was no longer flowing at the end');
    await desk.getByTestId('phone-hangup').click();
    await desk.waitForTimeout(2_000);
    const after = await metrics(cdp);
    console.log(`\nafter hanging up: desk JS heap used ${mib(after['JSHeapUsedSize'])}`);
  } finally {
    await world.close();
    await rm(rootDir, { recursive: true, force: true });
  }
}
