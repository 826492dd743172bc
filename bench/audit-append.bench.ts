/**
 * Benchmark: per-event latency of AuditChain.append() (electron/core/audit/chain.ts):
 * zod check, hash, Ed25519 signature, AES-GCM seal and one SQLite commit (head + outbox
 * row) in a real outbox store (WAL, synchronous=FULL) in a temp dir on the real disk.
 *
 *   npx node bench/audit-append.bench.ts
 *
 * Baselines in the same process, to show what our durability choice (FULL, see
 * docs/architecture.md "Decisions") costs:
 *   - append() on a second store switched to synchronous=NORMAL. OpenOutboxOptions has no
 *     such option (on purpose), so the bench flips the pragma on the exposed `db` handle.
 *   - a plain better-sqlite3 WAL autocommit INSERT of a blob the size of one sealed
 *     event, with synchronous=FULL and with NORMAL: the fsync alone, without our code.
 * Prints median and p95 (µs) and the ratios. Figures only; no thresholds. The temp dir is
 * removed on exit. Set BENCH_TMPDIR to measure another disk.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createAuditChain, type AuditChain } from '../electron/core/audit/chain.ts';
import { loadOrCreateWorkstationKey } from '../electron/core/audit/workstation-key.ts';
import { createStaticKeyProvider } from '../electron/core/outbox/crypto.ts';
import { openOutboxStore, type OutboxStore } from '../electron/core/outbox/store.ts';
import { printHeader, printRatio, printRow, summarize, timeSync, type Summary } from './stats.ts';

const APPENDS = 2000;
const WARMUP = 200;
const parentDir = process.env.BENCH_TMPDIR ?? tmpdir();
const root = mkdtempSync(join(parentDir, 'bench-audit-append-'));

async function openChain(name: string): Promise<{ store: OutboxStore; chain: AuditChain }> {
  const store = await openOutboxStore({ dataDir: join(root, name), keyProvider: createStaticKeyProvider('bench-only-secret') });
  const chain = createAuditChain({ store, workstationId: 'WS-BENCH-01', signingKey: loadOrCreateWorkstationKey(store), now: Date.now });
  return { store, chain };
}

/** A typical UI event; the counter keeps every payload distinct like real events. */
function measureAppends(chain: AuditChain, count: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(timeSync(() => chain.append('ui.area-opened', 'A1001', { area: 'tickets', n: i })).ns);
  }
  return samples;
}

function measurePlainInserts(synchronous: 'FULL' | 'NORMAL', payloadBytes: number, count: number): number[] {
  const db = new Database(join(root, `plain-${synchronous}.sqlite`));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, payload BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO rows (k, created_at, payload) VALUES (?, ?, ?)');
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + count; i++) {
      const payload = randomBytes(payloadBytes); // fresh bytes, as each sealed row is
      const { ns } = timeSync(() => insert.run(`k${i}`, Date.now(), payload));
      if (i >= WARMUP) samples.push(ns);
    }
    return samples;
  } finally {
    db.close();
  }
}

try {
  const full = await openChain('full');
  const normal = await openChain('normal');
  normal.store.db.pragma('synchronous = NORMAL');
  const syncModes = [full, normal].map((c) => c.store.db.pragma('synchronous', { simple: true }));
  if (syncModes[0] !== 2 || syncModes[1] !== 1) throw new Error(`unexpected synchronous modes ${syncModes.join('/')}`);

  measureAppends(full.chain, WARMUP);
  measureAppends(normal.chain, WARMUP);
  const appendFull = summarize(measureAppends(full.chain, APPENDS));
  const appendNormal = summarize(measureAppends(normal.chain, APPENDS));

  const sealed = full.store.db.prepare('SELECT length(payload) AS n FROM outbox ORDER BY id DESC LIMIT 1').get() as { n: number };
  const backlog = full.store.backlog();
  full.store.close();
  normal.store.close();
  if (backlog !== WARMUP + APPENDS) throw new Error(`expected ${WARMUP + APPENDS} queued events, found ${backlog}`);

  const plainFull = summarize(measurePlainInserts('FULL', sealed.n, APPENDS));
  const plainNormal = summarize(measurePlainInserts('NORMAL', sealed.n, APPENDS));

  printHeader(`audit append(): ${APPENDS} events after ${WARMUP} warm-up, sealed row ${sealed.n} bytes, in ${parentDir}`);
  const rows: [string, Summary][] = [
    ['append() FULL (shipped)', appendFull],
    ['append() NORMAL', appendNormal],
    ['plain INSERT FULL', plainFull],
    ['plain INSERT NORMAL', plainNormal],
  ];
  for (const [name, s] of rows) printRow(name, s, 'µs');
  printRatio('append FULL/NORMAL', appendFull, appendNormal);
  printRatio('plain INSERT FULL/NORMAL', plainFull, plainNormal);
  printRatio('append FULL/plain INSERT FULL', appendFull, plainFull);
} finally {
  rmSync(root, { recursive: true, force: true });
}
