/**
 * Benchmark: tickets (issue #9).
 *
 *   npx node bench/tickets.bench.ts [--only seal,server,drain]
 *     env TICKETS_BENCH_RATE (200 req/s), TICKETS_BENCH_SECONDS (20 per kind), TICKETS_BENCH_ROUNDS (4),
 *         TICKETS_BENCH_SEALS (1000), TICKETS_BENCH_DRAIN (10000), TICKETS_BENCH_CHROMIUM=0 to skip the browser
 *
 * 1. seal: client-side cost of sealing one sensitive field (ticket-crypto.ts) in Node's WebCrypto
 *    and in Debian's Chromium; baseline: AES-GCM alone under a key derived once.
 * 2. server: the real institution (child process: HTTPS on loopback, SQLite, demo seed, an agent
 *    session on a registered workstation) receiving POST /tickets OPEN-LOOP at RATE req/s —
 *    bank-card-loss with card and ID sealed (each opened, validated and stored) — against two
 *    baselines at the same rate in the same run: bank-appointment (no sensitive field: same
 *    route, schema check, insert) and GET /tickets/filing-session (auth + one lookup). The kinds
 *    alternate in ROUNDS blocks so load drift hits all alike. Then the institution's count.
 * 3. drain: bench/tickets-drain.ts (10k tickets queued in the desk core's outbox, institution then
 *    reachable → time until all delivered; 0 lost / 0 duplicated by id sets).
 * Prints median and p95, errors, load average and Node version. Figures only.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { API_PREFIX } from '../institution/contract/api.ts';
import { databasePath } from '../institution/src/data-dir.ts';
import { appointmentBody, cardLossBody, fetchTicketKey, type TicketKey } from './tickets-bodies.ts';
import { runDrainBench } from './tickets-drain.ts';
import { formatErrors, keepAliveAgent, openLoop, send, type BenchRequest, type HttpsTarget, type LoadResult } from './tickets-load.ts';
import { commitLatencyNs } from './tickets-disk.ts';
import { sealCostChromium, sealCostNode } from './tickets-seal.ts';
import type { TicketsServerReady } from './tickets-server.ts';
import { printHeader, printRatio, printRow, summarize } from './stats.ts';

const RATE = Number(process.env.TICKETS_BENCH_RATE ?? 200);
const SECONDS = Number(process.env.TICKETS_BENCH_SECONDS ?? 20);
const ROUNDS = Number(process.env.TICKETS_BENCH_ROUNDS ?? 4);
const SEALS = Number(process.env.TICKETS_BENCH_SEALS ?? 1_000);
const DRAIN = Number(process.env.TICKETS_BENCH_DRAIN ?? 10_000);
const CHROMIUM = process.env.TICKETS_BENCH_CHROMIUM !== '0';
const onlyArg = process.argv.indexOf('--only');
const PARTS = new Set(onlyArg > 0 ? (process.argv[onlyArg + 1] ?? '').split(',') : ['seal', 'server', 'drain']);
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

async function startServer(): Promise<{ ready: TicketsServerReady; stop: () => Promise<void> }> {
  const child = fork(new URL('./tickets-server.ts', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<TicketsServerReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as TicketsServerReady));
    child.once('exit', (code) => reject(new Error(`institution child exited (${code}) before it was ready`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
    });
  return { ready, stop };
}

async function sealPart(key: TicketKey): Promise<void> {
  console.log(`\n— seal one field (${SEALS} after ${SEALS / 10} warm-up), load ${load()}`);
  const node = await sealCostNode(key, SEALS, SEALS / 10);
  const nodeSeal = summarize(node.sealNs);
  const nodeAes = summarize(node.aesOnlyNs);
  printRow('Node sealField', nodeSeal, 'µs');
  printRow('Node AES-GCM only', nodeAes, 'µs');
  printRatio('Node seal/AES-only', nodeSeal, nodeAes);
  if (!CHROMIUM) return;
  const page = await sealCostChromium(key, SEALS, SEALS / 10);
  console.log(`${page.browser}, crossOriginIsolated ${page.isolated} (performance.now() steps ${page.isolated ? '5' : '100'} µs)`);
  const pageSeal = summarize(page.sealNs);
  const pageAes = summarize(page.aesOnlyNs);
  printRow('Chromium sealField', pageSeal, 'µs');
  printRow('Chromium AES-GCM only', pageAes, 'µs');
  printRatio('Chromium seal/AES-only', pageSeal, pageAes);
  console.log(`load after seal ${load()}`);
}

type Kind = 'card-loss (2 sealed)' | 'appointment (none)' | 'GET filing-session';

async function serverPart(target: HttpsTarget, ready: TicketsServerReady, key: TicketKey): Promise<void> {
  const perRound = Math.round(RATE * (SECONDS / ROUNDS));
  const auth = { authorization: `Bearer ${ready.token}` };
  // Bodies made before the clock runs: sealing is the desk's work, not the server's.
  const made = Date.now();
  const cardLoss: string[] = [];
  for (let i = 0; i < perRound * (ROUNDS + 1) + Math.min(perRound, 1_000); i += 1) cardLoss.push(JSON.stringify(await cardLossBody(key, new Date())));
  const appointment = JSON.stringify(appointmentBody(new Date()));
  console.log(`\n— server submit, open loop ${RATE} req/s, ${ROUNDS} rounds × ${perRound} per kind (bodies sealed in ${Date.now() - made} ms), load ${load()}`);
  let used = 0;
  const make: Record<Kind, () => BenchRequest> = {
    'card-loss (2 sealed)': () => ({ method: 'POST', path: `${API_PREFIX}/tickets`, headers: { ...auth, 'idempotency-key': randomUUID() }, body: cardLoss[used++]! }),
    'appointment (none)': () => ({ method: 'POST', path: `${API_PREFIX}/tickets`, headers: { ...auth, 'idempotency-key': randomUUID() }, body: appointment }),
    'GET filing-session': () => ({ method: 'GET', path: `${API_PREFIX}/tickets/filing-session`, headers: auth }),
  };
  const kinds = Object.keys(make) as Kind[];
  const results = new Map<Kind, LoadResult[]>(kinds.map((k) => [k, []]));
  printRow('disk: SQLite FULL commit', summarize(commitLatencyNs(200)), 'ms');
  for (const kind of kinds) await openLoop(target, RATE, Math.round(RATE * 2), make[kind]); // 2 s warm-up each
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const kind of kinds) results.get(kind)!.push(await openLoop(target, RATE, perRound, make[kind]));
    console.log(`round ${round + 1}/${ROUNDS} done, load ${load()}`);
  }
  const summaries = new Map(kinds.map((k) => [k, summarize(results.get(k)!.flatMap((r) => r.samplesNs))]));
  for (const kind of kinds) {
    const runs = results.get(kind)!;
    const errors = new Map<number, number>();
    for (const r of runs) for (const [s, n] of r.errors) errors.set(s, (errors.get(s) ?? 0) + n);
    printRow(kind, summaries.get(kind)!, 'ms');
    console.log(`  errors ${formatErrors(errors)}; worst start lag ${(Math.max(...runs.map((r) => r.maxLagNs)) / 1e6).toFixed(1)} ms`);
  }
  printRow('disk: SQLite FULL commit', summarize(commitLatencyNs(200)), 'ms');
  // Capacity: as fast as the server answers, 16 in flight (closed loop) — what 200 req/s asks of it.
  const capacityCount = Math.min(perRound, 1_000);
  const started = process.hrtime.bigint();
  let issued = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (issued < capacityCount) {
        issued += 1;
        await send(target, make['card-loss (2 sealed)']());
      }
    }),
  );
  console.log(`capacity: card-loss closed loop, 16 in flight: ${Math.round(capacityCount / (Number(process.hrtime.bigint() - started) / 1e9))} tickets/s`);
  printRatio('card-loss/appointment', summaries.get('card-loss (2 sealed)')!, summaries.get('appointment (none)')!);
  printRatio('card-loss/GET', summaries.get('card-loss (2 sealed)')!, summaries.get('GET filing-session')!);
  const db = new Database(databasePath(ready.dataDir), { readonly: true });
  try {
    const rows = db.prepare('SELECT type_id AS type, COUNT(*) AS n FROM tickets GROUP BY type_id').all() as { type: string; n: number }[];
    console.log(`stored at the institution: ${rows.map((r) => `${r.type} ${r.n}`).join(', ')}`);
  } finally {
    db.close();
  }
  console.log(`load after server ${load()}`);
}

async function main(): Promise<void> {
  printHeader(`Tickets bench (load average ${load()})`);
  if (PARTS.has('seal') || PARTS.has('server')) {
    const { ready, stop } = await startServer();
    const target: HttpsTarget = { url: ready.url, caCertPem: ready.caCertPem, agent: keepAliveAgent(ready.caCertPem) };
    try {
      const key = await fetchTicketKey(target);
      if (PARTS.has('seal')) await sealPart(key);
      if (PARTS.has('server')) await serverPart(target, ready, key);
    } finally {
      target.agent.destroy();
      await stop();
    }
  }
  if (PARTS.has('drain')) await runDrainBench(DRAIN, load);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
