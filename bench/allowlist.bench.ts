/**
 * Benchmark: cost of one allowlist decision (electron/core/net/allowlist.ts), which main
 * runs on every request the renderer makes, against plain WHATWG `new URL()` parsing of
 * the same URLs in the same process.
 *
 *   npx node bench/allowlist.bench.ts
 *
 * Prints median and p95 per call (ns) and the ratio to the baseline. Figures only; no
 * thresholds. Record them in docs/benchmarks.md.
 */
import { createAllowlist } from '../electron/core/net/allowlist.ts';
import type { SiteProfile } from '../institution/contract/site-profile.ts';
import { printHeader, printRatio, printRow, summarize, timeSync } from './stats.ts';

const profile: SiteProfile = {
  format: 1,
  serial: 1,
  institutionId: 'bench-bank',
  institutionName: { 'zh-CN': '银行', 'en-US': 'Bank' },
  issuedAt: '2025-01-01T00:00:00Z',
  expiresAt: '2030-01-01T00:00:00Z',
  api: { baseUrls: ['https://api.bank.com', 'https://api-dr.bank.com:8443'] },
  sip: { wss: [{ url: 'wss://sip.bank.com/ws', weight: 1 }, { url: 'wss://sip2.bank.com/ws', weight: 1 }] },
  turn: [],
  pins: ['A'.repeat(43) + '='],
  updateUrl: 'https://updates.bank.com/',
  policy: { idleLockSeconds: 300, watermark: true },
};

const templates = [
  'https://api.bank.com/api/v1/me',
  'https://api.bank.com/api/v1/tickets/T-{n}?expand=fields',
  'https://api-dr.bank.com:8443/api/v1/events',
  'wss://sip.bank.com/ws',
  'app://desk/assets/chunk-{n}.js',
  'app://desk/index.html',
  'blob:app://desk/550e8400-e29b-41d4-a716-4466554{n}',
  'https://evil.com/collect?d={n}',
  'https://api.bank.com.evil.com/{n}',
  'https://2130706433/{n}',
  'https://user:pw@api.bank.com/{n}',
  'https://аpi.bank.com/{n}',
  'http://api.bank.com/{n}',
  'javascript:alert({n})',
  'data:text/html,{n}',
  'https:\\\\evil.com/{n}',
  'https://api.bank.com:444/{n}',
  'app://desk/%2e%2e%2f{n}',
];

function buildUrls(count: number): string[] {
  const urls: string[] = [];
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; // deterministic mix, same every run
    return seed;
  };
  for (let i = 0; i < count; i++) {
    const template = templates[next() % templates.length] ?? templates[0] ?? '';
    urls.push(template.replace('{n}', String(next() % 100_000).padStart(5, '0')));
  }
  return urls;
}

function timeEach(urls: string[], rounds: number, fn: (url: string) => unknown): number[] {
  const samples: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    for (const url of urls) {
      const { ns, result } = timeSync(() => fn(url));
      if (result) sink++;
      samples.push(ns);
    }
  }
  if (sink === -1) console.log(sink); // keep the work observable to the optimizer
  return samples;
}

const allowlist = createAllowlist(profile, { appOrigin: 'app://desk' });
const urls = buildUrls(10_000);
const parseOnly = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};
const decide = (url: string) => allowlist.decide(url);

// Warm-up so both paths are optimized before measuring.
timeEach(urls, 3, parseOnly);
timeEach(urls, 3, decide);

const ROUNDS = 5;
const baseline = summarize(timeEach(urls, ROUNDS, parseOnly));
const decided = summarize(timeEach(urls, ROUNDS, decide));
const allowedShare = urls.filter((u) => allowlist.decide(u).allow).length / urls.length;

printHeader(`allowlist.decide() over ${urls.length} URLs x ${ROUNDS} rounds (${(allowedShare * 100).toFixed(0)}% allowed)`);
printRow('new URL()', baseline, 'ns');
printRow('decide()', decided, 'ns');
printRatio('decide/new URL', decided, baseline);
