/**
 * Benchmark: knowledge-base search as you type, keystroke → results painted, in a real
 * Chromium running the built desk against the real institution (HTTPS, SQLite, bigram
 * search over KB_BENCH_ARTICLES generated articles — 50,000 by default, zh + en, ~1.5k
 * characters each, institution/src/seed/kb-bench-corpus.ts — on top of the demo seed).
 *
 *   npx vite build --config renderer/vite.config.ts --outDir /tmp/r-bench --emptyOutDir
 *   E2E_RENDERER_DIR=/tmp/r-bench npx node bench/kb-keystroke.bench.ts   (KB_BENCH_ARTICLES, KB_BENCH_ROUNDS)
 *
 * Two desks on one institution, each in its own Chromium: "pooled" (the desk as shipped:
 * retry-safe calls reuse pin-checked keep-alive connections) and "unpooled" (a new TLS
 * connection per request, as before #8) — the baseline in the same run. Rounds alternate
 * between them so load affects both alike. A sample: the page types one more character into
 * the search box (an `input` event, as a keystroke makes), and the clock stops once the
 * results list shows the answer to that very query (`data-query`) and a frame was painted
 * after it (requestAnimationFrame, then the next task). Every prefix of each query is one
 * sample (单字 prefixes search `X*`). Prints median and p95 (ms) per desk and the ratio, and
 * per desk the same prefixes through the bridge alone (`desk.kb.search` awaited in the page: no
 * store, React or paint), so the renderer's share is the difference.
 * Figures only; the temp dir is removed on exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { API_PREFIX } from '../institution/contract/api.ts';
import { SignedSiteProfile } from '../institution/contract/site-profile.ts';
import { databasePath } from '../institution/src/data-dir.ts';
import { openDatabase } from '../institution/src/db/open-database.ts';
import { createKbStore } from '../institution/src/kb/kb-store.ts';
import { seedDemo } from '../institution/src/seed/demo.ts';
import { DEMO_KB_AUTHOR } from '../institution/src/seed/demo-kb.ts';
import { BENCH_KB_SEED, benchArticle } from '../institution/src/seed/kb-bench-corpus.ts';
import { startInstitutionServer } from '../institution/src/server.ts';
import { registerWorkstation } from '../institution/src/workstations/registration.ts';
import { chromiumArgs, chromiumPath, viewport } from '../e2e/fixtures/chromium.ts';
import { startDeskHost, type DeskHost } from '../e2e/host/desk-host.ts';
import { httpsJson } from '../e2e/host/https-json.ts';
import { defaultRendererDir } from '../e2e/host/lab.ts';
import { printHeader, printRatio, printRow, summarize, type Summary } from './stats.ts';

const ARTICLES = Number(process.env.KB_BENCH_ARTICLES ?? 50_000);
const ROUNDS = Number(process.env.KB_BENCH_ROUNDS ?? 6);
const QUERIES = ['挂失', '年费', '分期还款', '信用卡额度', 'annual fee', '风险等级'];
const AGENT = { id: 'A1001', password: 'Agent#2026' };
const root = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-kb-keystroke-'));
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

async function seedCorpus(dataDir: string): Promise<number> {
  const started = Date.now();
  const handle = await openDatabase(databasePath(dataDir));
  try {
    const store = createKbStore({ db: handle.db, now: Date.now });
    const BATCH = 2_000;
    for (let from = 0; from < ARTICLES; from += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, ARTICLES - from) }, (_, i) => {
        const a = benchArticle(BENCH_KB_SEED, from + i);
        return { spaceId: a.spaceId, title: a.title, body: a.body, mandatory: false };
      });
      await store.importPublished(DEMO_KB_AUTHOR, batch);
    }
  } finally {
    await handle.close();
  }
  return Date.now() - started;
}

/**
 * In the page (plain JavaScript: this file is compiled without the DOM library): types `text`
 * one character at a time; per character, ms until that prefix's results are painted.
 */
const TYPE_AND_TIME = `async (text) => {
  const input = document.querySelector('[data-testid="kb-search-input"]');
  const list = document.querySelector('[data-testid="kb-results"]');
  if (input === null || list === null) throw new Error('no search box');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const type = (value) => {
    setValue.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  // After the next frame was painted: a rAF callback runs before the paint, the next task after it.
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  }));
  const shown = (q) => new Promise((resolve, reject) => {
    const done = () => { clearTimeout(timer); observer.disconnect(); resolve(); };
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no results for ' + q)); }, 15000);
    const observer = new MutationObserver(() => { if (list.dataset.query === q) done(); });
    observer.observe(list, { attributes: true, childList: true, subtree: true });
    if (list.dataset.query === q) done();
  });
  type('');
  await painted();
  const samples = [];
  for (let i = 1; i <= text.length; i++) {
    const prefix = text.slice(0, i);
    if (prefix.trim() !== prefix || !/[\\p{L}\\p{N}]/u.test(prefix)) continue;
    const start = performance.now();
    type(prefix);
    await shown(prefix);
    await painted();
    samples.push(performance.now() - start);
  }
  return samples;
}`;

/**
 * The same prefixes through the bridge alone (`desk.kb.search` from the page: page → desk core →
 * pooled or fresh HTTPS → institution search → back), without the store, React or a paint: the
 * part of a keystroke that is not the renderer's.
 */
const BRIDGE_TIME = `async (queries) => {
  const samples = [];
  for (const text of queries) for (let i = 1; i <= text.length; i++) {
    const prefix = text.slice(0, i);
    if (prefix.trim() !== prefix || !/[\\p{L}\\p{N}]/u.test(prefix)) continue;
    const start = performance.now();
    const result = await window.desk.kb.search({ query: prefix, limit: 20 });
    if (!result.ok) throw new Error('kb.search failed for ' + prefix);
    samples.push(performance.now() - start);
  }
  return samples;
}`;

async function typeAndTime(page: Page, query: string): Promise<number[]> {
  return (await page.evaluate(`(${TYPE_AND_TIME})(${JSON.stringify(query)})`)) as number[];
}

interface Desk {
  name: string;
  host: DeskHost;
  browser: Browser;
  page: Page;
  samples: number[];
  bridge: number[];
}

async function openDesk(name: string, host: DeskHost): Promise<Desk> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const page = await browser.newPage({ viewport });
  await page.goto(host.url);
  await page.getByTestId('login-operator-id').fill(AGENT.id);
  await page.getByTestId('login-password').fill(AGENT.password);
  await page.getByTestId('login-password').press('Enter');
  await page.getByTestId('workspace').waitFor();
  await page.locator('[data-area="kb"]').click();
  await page.getByTestId('kb-search-input').waitFor();
  return { name, host, browser, page, samples: [], bridge: [] };
}

async function main(): Promise<void> {
  const institutionDir = join(root, 'institution');
  await seedDemo({ dataDir: institutionDir, passwordHashing: { N: 2 ** 12, r: 8, p: 1 } });
  const seededMs = ARTICLES > 0 ? await seedCorpus(institutionDir) : 0;
  printHeader(`KB keystroke → results painted (Chromium), ${ARTICLES} generated articles + the demo seed (indexed in ${(seededMs / 1000).toFixed(0)} s); load average ${load()}`);

  const institution = await startInstitutionServer({ dataDir: institutionDir, port: 0, host: '127.0.0.1', passwordHashing: { N: 2 ** 12, r: 8, p: 1 } });
  const profile = await httpsJson(new URL(`${API_PREFIX}/site-profile`, institution.url).href, institution.caCertPem);
  const signedProfile = SignedSiteProfile.parse(profile.body);
  const hosts: DeskHost[] = [];
  const desks: Desk[] = [];
  try {
    for (const [name, pool] of [
      ['pooled', true],
      ['unpooled', false],
    ] as const) {
      const workstationId = `WS-BENCH-${name.toUpperCase()}`;
      const { enrollmentCode } = await registerWorkstation({ dataDir: institutionDir, workstationId });
      const dataDir = join(root, `desk-${name}`);
      const host = await startDeskHost({
        institutionUrl: institution.url,
        caPem: institution.caCertPem,
        trustedProfileKeys: { [institution.profileKeyId]: institution.profilePublicKeyPem },
        signedProfile,
        dataDir,
        workstationId,
        enrollmentCode,
        rendererDir: defaultRendererDir,
        apiPool: pool,
        log: () => undefined,
      });
      hosts.push(host);
      desks.push(await openDesk(name, host));
    }
    // One warm-up round each (JIT, SQLite page cache), not counted.
    for (const desk of desks) for (const q of QUERIES) await typeAndTime(desk.page, q);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? desks : [...desks].reverse();
      for (const desk of order) {
        for (const q of QUERIES) desk.samples.push(...(await typeAndTime(desk.page, q)));
        desk.bridge.push(...((await desk.page.evaluate(`(${BRIDGE_TIME})(${JSON.stringify(QUERIES)})`)) as number[]));
      }
    }
    const summaries = new Map<string, Summary>();
    for (const desk of desks) {
      const summary = summarize(desk.samples.map((ms) => ms * 1e6));
      summaries.set(desk.name, summary);
      printRow(`keystroke → painted, ${desk.name}`, summary, 'ms');
      printRow(`bridge alone, ${desk.name}`, summarize(desk.bridge.map((ms) => ms * 1e6)), 'ms');
    }
    const pooled = summaries.get('pooled');
    const unpooled = summaries.get('unpooled');
    if (pooled && unpooled) printRatio('unpooled / pooled', unpooled, pooled);
    console.log(`load average after: ${load()}`);
  } finally {
    for (const desk of desks) await desk.browser.close().catch(() => undefined);
    for (const host of hosts) await host.close().catch(() => undefined);
    await institution.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(root, { recursive: true, force: true });
  process.exitCode = 1;
});
