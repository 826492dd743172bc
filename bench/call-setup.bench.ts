/**
 * Benchmark: how fast a call is set up with the desk's phone engine as shipped ("ours":
 * renderer/src/features/phone/jssip-engine.ts, bounded ICE) against JsSIP with its defaults
 * (a bare UA: the offer and the answer wait for ICE gathering to complete), in the same run,
 * through the real telephony lab (Kamailio + rtpengine on loopback) and a real Chromium with
 * a fake microphone. Calls alternate between the two stacks so load affects both alike.
 *
 *   npx node bench/call-setup.bench.ts [--calls 20] [--stun-calls 3] [--ring-ms 1000] [--floor-rounds 20] [--no-load] [--agent-ptime 10]
 *
 * Per stack, N outbound and N inbound calls (after 2 warm-up rounds):
 *   call() → confirmed            the agent dials; the far end answers at once
 *   call() → first inbound audio  the agent's inbound-rtp shows audio energy
 *   answer → two-way audio        the agent answers a ringing call; until the agent's inbound-rtp shows energy
 *                                 and the far end hears the agent's microphone (an analyser at its pitches;
 *                                 with early media the far end hears the desk's ringback before the answer)
 *   … lower bound                 the same with the agent side at its last stats report without audio
 *                                 (getStats reuses a report for up to 50 ms, so the first row is late by up to that)
 *   … both ends by ear            the agent side by the same ear as the far end (an analyser at the caller's
 *                                 pitches, counting only while the agent's element is audible)
 *   … where the desk's part ends  the agent by that ear; the far end when the first Opus frame with the
 *                                 microphone's pitches arrives at its receiver, before its own jitter buffer and
 *                                 playout (renderer/bench/call-setup-wire.ts: a receiver transform + WebCodecs)
 * The far end is always the shipped engine (renderer/bench/call-setup-page.ts), so only the
 * agent's stack differs. Then --stun-calls outbound calls per stack with a STUN server that never
 * answers in the agent's ICE servers (JsSIP's defaults wait ~40 s for it each time). Then --floor-rounds
 * rounds of the floor under "the far end hears" (renderer/bench/call-setup-floor.ts). Then (unless --no-load) the real desk:
 * N answer clicks (click → microphone on the sender, click → caller audible; bench/call-setup-click.ts), then a 60 s
 * call: renderer memory and CPU (bench/call-setup-load.ts). Figures only; no thresholds.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type { SipCredentials } from '../electron/contract/phone.ts';
import { ensureDevTls } from '../institution/src/tls/dev-ca.ts';
import { chromiumArgs, chromiumPath } from '../e2e/fixtures/chromium.ts';
import { spkiPin } from '../e2e/fixtures/phone.ts';
import { startSilentStun } from '../e2e/fixtures/silent-stun.ts';
import { mintSipCredentials } from '../e2e/lab/credentials.ts';
import { startTelephonyLab, type TelephonyLab } from '../e2e/lab/telephony.ts';
import { MIC_PITCHES_HZ, type BenchApi, type BenchMode } from '../renderer/bench/call-setup-api.ts';
import { measureDeskLoad } from './call-setup-load.ts';
import { toneWav } from '../e2e/fixtures/tone-wav.ts';
import { printRatio, printRow, summarize, type Summary } from './stats.ts';

const { values } = parseArgs({
  options: { 'agent-ptime': { type: 'string', default: '0' }, calls: { type: 'string', default: '20' }, 'stun-calls': { type: 'string', default: '3' }, 'ring-ms': { type: 'string', default: '1000' }, 'floor-rounds': { type: 'string', default: '20' }, 'no-load': { type: 'boolean', default: false } },
});
const CALLS = Number(values.calls);
const STUN_CALLS = Number(values['stun-calls']);
/** Rounds of the floor measures (renderer/bench/call-setup-floor.ts): what "the far end hears" cannot go below here. */
const FLOOR_ROUNDS = Number(values['floor-rounds']);
/**
 * How long an inbound call rings before the agent answers (both stacks alike): an agent's click
 * comes after a human reaction, not at the INVITE; early media uses that time (0: answer at once,
 * as the runs before 2026-11-30 21:00 did).
 */
const RING_MS = Number(values['ring-ms']);
/** A call with JsSIP's defaults and a silent STUN server waits for Chromium to give up on it (~40 s). */
const STUN_CALL_TIMEOUT_MS = 90_000;
const WARMUP = 2;
const CALL_TIMEOUT_MS = 15_000;
const FAR_USER = '2001';
const AGENT_USER: Record<BenchMode, string> = { ours: '1001', defaults: '1002' };
const STUN_AGENT_USER: Record<BenchMode, string> = { ours: '1003', defaults: '1004' };
const MODES: BenchMode[] = ['ours', 'defaults'];

const entry = fileURLToPath(new URL('../renderer/bench/call-setup-page.ts', import.meta.url));

async function servePage(): Promise<{ url: string; close(): void }> {
  const bundle = await build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent' });
  const script = bundle.outputFiles[0]?.text ?? '';
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>call-setup bench</title></head><body><script src="/bench.js"></script></body></html>';
  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (request.url === '/bench.js') response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

function credentialsFor(telephony: TelephonyLab, secret: string, user: string, stunUrl?: string): SipCredentials {
  const minted = mintSipCredentials(secret, user, 3600);
  return {
    username: minted.username,
    password: minted.password,
    expiresAt: minted.expiresAt * 1000,
    uri: `sip:${user}@${telephony.domain}`,
    servers: [{ url: telephony.wssUrl, weight: 10 }],
    ...(stunUrl === undefined ? {} : { iceServers: [{ urls: [stunUrl] }] }),
  };
}

/** A page running the bench script, registered as `user`. */
async function benchPage(browser: Browser, url: string, mode: BenchMode, credentials: SipCredentials, autoAnswer: boolean): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.evaluate(([m, c, a]) => (globalThis as unknown as { bench: BenchApi }).bench.start(m, c, a), [mode, credentials, autoAnswer] as const);
  return page;
}

type Remote = Pick<BenchApi, 'call' | 'answer'> & { ringing(): Promise<boolean>; hangup(): Promise<void>; idle(): Promise<boolean> };
/** The bench page's API, driven from here. */
function remote(page: Page): Remote {
  return {
    call: (user, timeoutMs) => page.evaluate(([u, t]) => (globalThis as unknown as { bench: BenchApi }).bench.call(u, t), [user, timeoutMs] as const),
    answer: (timeoutMs) => page.evaluate((t) => (globalThis as unknown as { bench: BenchApi }).bench.answer(t), timeoutMs),
    ringing: () => page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.ringing()),
    hangup: () => page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.hangup()),
    idle: () => page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.idle()),
  };
}

async function settle(pages: Page[]): Promise<void> {
  for (const page of pages) await remote(page).hangup();
  const deadline = Date.now() + CALL_TIMEOUT_MS;
  for (const page of pages) {
    while (!(await remote(page).idle())) {
      if (Date.now() > deadline) throw new Error('a call did not end');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  // rtpengine and Kamailio finish the previous dialog before the next call.
  await new Promise((resolve) => setTimeout(resolve, 150));
}

interface Samples {
  confirmed: number[];
  firstAudio: number[];
  twoWay: number[];
  twoWayLow: number[];
  twoWayEar: number[];
  twoWayWire: number[];
  farWire: number[];
}

async function outbound(agent: Page, far: Page, timeoutMs = CALL_TIMEOUT_MS): Promise<{ confirmed: number; firstAudio: number }> {
  const r = await remote(agent).call(FAR_USER, timeoutMs);
  await settle([agent, far]);
  return { confirmed: r.confirmedAt - r.calledAt, firstAudio: r.firstAudioAt - r.calledAt };
}

/** answer → two-way audio: as measured (upper bound) and with the agent side at its last report without audio (lower bound). */
async function inbound(agent: Page, far: Page, agentUser: string, domain: string): Promise<{ twoWay: number; twoWayLow: number; twoWayEar: number; twoWayWire: number; farWire: number }> {
  const farCall = remote(far).call(agentUser, CALL_TIMEOUT_MS);
  farCall.catch(() => undefined);
  const deadline = Date.now() + CALL_TIMEOUT_MS;
  while (!(await remote(agent).ringing())) {
    if (Date.now() > deadline) throw new Error(`agent ${agentUser}@${domain} never rang`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, RING_MS));
  const answered = await remote(agent).answer(CALL_TIMEOUT_MS);
  const farSide = await farCall;
  await settle([agent, far]);
  const at = (t: number) => t - answered.answeredAt;
  const marks = { ...answered.marks, 'agent-first-rtp': at(answered.firstRtpAt), 'agent-first-audio': at(answered.firstAudioAt), 'far-first-rtp': at(farSide.firstRtpAt), 'far-first-audio': at(farSide.firstAudioAt), 'far-heard-mic': at(farSide.heardMicAt), 'far-wire-mic': at(farSide.wireMicAt), 'agent-heard-caller': at(answered.heardCallerAt) };
  // The agent's inbound counters at the click: samples > 0 = the caller was decoded while ringing (muted element);
  // energy is taken after WebRTC's output gain, so it stays 0 while the element is muted (nothing audible).
  const energy = { 'samples-at-answer': answered.atAnswer.samples, 'energy-at-answer': Number(answered.atAnswer.energy.toFixed(4)), 'far-jitter-buffer-ms': Math.round(farSide.jitterBufferMs) };
  if (process.env['CALL_BENCH_MARKS'] === '1') console.log(JSON.stringify({ ...Object.fromEntries(Object.entries(marks).sort((x, y) => x[1] - y[1]).map(([k, v]) => [k, Math.round(v)])), ...energy }));
  // With early media the far end hears the agent's ringback before the answer, so its first audio
  // energy says nothing: two-way is when the agent hears the far end and the far end hears the
  // agent's microphone (its pitches, MIC_PITCHES_HZ), measured the same way for both stacks.
  if (Number.isNaN(farSide.heardMicAt)) throw new Error(`the far end never heard agent ${agentUser}'s microphone`);
  if (farSide.wireProblem !== null) throw new Error(`the far end's wire ear failed: ${farSide.wireProblem}`);
  // The agent's microphone goes out only at the answer: heard before it, the instrument is wrong, and no figure is kept.
  if (farSide.wireMicAt < answered.answeredAt) throw new Error(`the far end's wire ear heard agent ${agentUser}'s microphone ${Math.round(answered.answeredAt - farSide.wireMicAt)} ms before the answer`);
  return {
    twoWay: Math.max(answered.firstAudioAt, farSide.heardMicAt) - answered.answeredAt,
    twoWayLow: Math.max(answered.quietAt, farSide.heardMicAt) - answered.answeredAt,
    // Both ends by the same ear (an analyser at the other side's microphone pitches; at the agent only while its
    // element is audible): no getStats cache in it. NaN when the agent's ear never heard the caller.
    twoWayEar: Math.max(answered.heardCallerAt, farSide.heardMicAt) - answered.answeredAt,
    // Each side where the desk's part ends (renderer/bench/call-setup-wire.ts): the agent by ear (the desk's own
    // playout), the far end at its receiver, before its own jitter buffer (a gateway's or desk phone's in production).
    twoWayWire: Math.max(answered.heardCallerAt, farSide.wireMicAt) - answered.answeredAt,
    farWire: farSide.wireMicAt - answered.answeredAt,
  };
}

const toNs = (ms: number[]): Summary => summarize(ms.map((v) => v * 1e6));

async function main(): Promise<void> {
  if (!Number.isInteger(CALLS) || CALLS < 1) throw new Error('--calls N: a positive integer');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-call-bench-'));
  const secret = randomBytes(24).toString('base64url');
  const tls = await ensureDevTls(path.join(dir, 'tls'));
  const telephony = await startTelephonyLab({ secret, tls });
  const page = await servePage();
  const wav = path.join(dir, 'tone.wav');
  await writeFile(wav, toneWav({ seconds: 4, gapMs: 0, pitches: MIC_PITCHES_HZ }));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, `--use-file-for-fake-audio-capture=${wav}`, '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required', `--ignore-certificate-errors-spki-list=${spkiPin(tls.certPem)}`],
  });
  try {
    const far = await benchPage(browser, page.url, 'ours', credentialsFor(telephony, secret, FAR_USER), true);
    const agents = {} as Record<BenchMode, Page>;
    // --agent-ptime N (experiment): the agents' pages add a=ptime:N to remote descriptions (N ms Opus frames out).
    const agentUrl = values['agent-ptime'] === '0' ? page.url : `${page.url}?ptime=${Number(values['agent-ptime'])}`;
    for (const mode of MODES) agents[mode] = await benchPage(browser, agentUrl, mode, credentialsFor(telephony, secret, AGENT_USER[mode]), false);
    const samples: Record<BenchMode, Samples> = { ours: { confirmed: [], firstAudio: [], twoWay: [], twoWayLow: [], twoWayEar: [], twoWayWire: [], farWire: [] }, defaults: { confirmed: [], firstAudio: [], twoWay: [], twoWayLow: [], twoWayEar: [], twoWayWire: [], farWire: [] } };
    for (let round = 0; round < WARMUP + CALLS; round += 1) {
      for (const mode of MODES) {
        const out = await outbound(agents[mode], far);
        const twoWay = await inbound(agents[mode], far, AGENT_USER[mode], telephony.domain);
        if (round < WARMUP) continue;
        samples[mode].confirmed.push(out.confirmed);
        samples[mode].firstAudio.push(out.firstAudio);
        samples[mode].twoWay.push(twoWay.twoWay);
        samples[mode].twoWayLow.push(twoWay.twoWayLow);
        if (Number.isNaN(twoWay.twoWayEar)) console.log(`NOTE: ${mode}: the agent's ear never heard the caller in round ${round}`);
        else samples[mode].twoWayEar.push(twoWay.twoWayEar);
        if (Number.isNaN(twoWay.twoWayWire)) console.log(`NOTE: ${mode}: no two-way figure at the far end's receiver in round ${round} (the agent's ear or the wire ear never heard)`);
        else samples[mode].twoWayWire.push(twoWay.twoWayWire);
        if (!Number.isNaN(twoWay.farWire)) samples[mode].farWire.push(twoWay.farWire);
      }
    }
    console.log(`call setup through Kamailio + rtpengine on loopback, Chromium ${browser.version()}, ${CALLS} calls per stack and direction after ${WARMUP} warm-up rounds, inbound calls answered ${RING_MS} ms after ringing, load average ${os.loadavg()[0]?.toFixed(2)}`);
    const rows: [string, keyof Samples][] = [
      ['call() → confirmed', 'confirmed'],
      ['call() → first inbound audio', 'firstAudio'],
      ['answer → two-way audio', 'twoWay'],
      // getStats reuses a report for up to 50 ms: the agent heard the caller between its last report without audio and the first with.
      ['answer → two-way audio, lower bound (agent side at its last stats report without audio)', 'twoWayLow'],
      ['answer → two-way audio, both ends by ear (analysers; the agent side only while its element is audible)', 'twoWayEar'],
      ["answer → two-way audio where the desk's part ends: the agent by ear, the far end as the microphone's first Opus frame arrives (before its jitter buffer)", 'twoWayWire'],
      ["… its far-end half alone: answer → the agent's microphone's first Opus frame arrives at the far end", 'farWire'],
    ];
    for (const [label, key] of rows) {
      const ours = toNs(samples.ours[key]);
      const defaults = toNs(samples.defaults[key]);
      console.log(`\n${label}`);
      printRow('  ours (bounded ICE, early media)', ours, 'ms');
      printRow('  JsSIP defaults', defaults, 'ms');
      printRatio('defaults/ours', defaults, ours);
    }

    if (FLOOR_ROUNDS > 0) {
      // What "the far end hears the microphone" cannot go below in this browser (renderer/bench/call-setup-floor.ts).
      const floor = { instrument: [] as number[], frames20: [] as number[], frames10: [] as number[] };
      const probe = agents.ours;
      for (let i = 0; i < FLOOR_ROUNDS; i += 1) {
        floor.instrument.push(await probe.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.instrument()));
        floor.frames20.push(await probe.evaluate((ms) => (globalThis as unknown as { bench: BenchApi }).bench.floor(ms, 20), RING_MS));
        floor.frames10.push(await probe.evaluate((ms) => (globalThis as unknown as { bench: BenchApi }).bench.floor(ms, 10), RING_MS));
      }
      for (const [key, list] of Object.entries(floor)) if (list.some(Number.isNaN)) throw new Error(`floor ${key}: the ear never heard the microphone`);
      console.log(`\nthe floor, same browser (${FLOOR_ROUNDS} rounds each; no SIP, no relay, no network: two connections in one page)`);
      printRow("  the bench's ear alone (microphone → analyser, no WebRTC)", toNs(floor.instrument), 'ms');
      printRow('  ringback → replaceTrack(microphone) → the other connection hears it, 20 ms Opus frames', toNs(floor.frames20), 'ms');
      printRow('  the same with 10 ms Opus frames (ptime 10)', toNs(floor.frames10), 'ms');
    }

    if (STUN_CALLS > 0) {
      // The case bounded ICE exists for: a STUN server named in the ICE servers that never answers.
      const stun = await startSilentStun();
      try {
        const confirmed: Record<BenchMode, number[]> = { ours: [], defaults: [] };
        for (const mode of MODES) {
          const agent = await benchPage(browser, page.url, mode, credentialsFor(telephony, secret, STUN_AGENT_USER[mode], stun.url), false);
          for (let i = 0; i < STUN_CALLS; i += 1) confirmed[mode].push((await outbound(agent, far, STUN_CALL_TIMEOUT_MS)).confirmed);
        }
        console.log(`\nwith a STUN server that never answers (${stun.url}, ${stun.received} datagrams dropped), call() → confirmed, ${STUN_CALLS} calls each`);
        printRow('  ours (bounded ICE)', toNs(confirmed.ours), 'ms');
        printRow('  JsSIP defaults', toNs(confirmed.defaults), 'ms');
        printRatio('defaults/ours', toNs(confirmed.defaults), toNs(confirmed.ours));
      } finally {
        await stun.close();
      }
    }
  } finally {
    await browser.close();
    page.close();
    await telephony.close();
    await rm(dir, { recursive: true, force: true });
  }
  if (!values['no-load']) await measureDeskLoad(60_000, { rounds: CALLS, ringMs: RING_MS });
}

await main();
