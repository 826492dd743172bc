/**
 * Outbox drain for bench/tickets.bench.ts: the real desk core in this process (enrolled,
 * signed in, ticket types cached, production delivery backoff and batch settings) files
 * `count` card-loss tickets (two fields sealed each, `tickets.submit`) while the institution
 * (bench/tickets-drain-server.ts, its own process) is really stopped; then it is started
 * again → time until the desk's backlog is empty. Then the institution's database is compared
 * with the Idempotency-Keys the desk had queued: lost, duplicated, unknown.
 * Per ticket: its `received_at` at the institution after the return (median / p95).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { databasePath } from '../institution/src/data-dir.ts';
import { openFaultDesk } from '../electron/core/tickets/tickets-faults.desk.ts';
import type { InstitutionTrust } from '../electron/core/tickets/tickets-faults.harness.ts';
import { printRow, summarize } from './stats.ts';

const WORKSTATION = 'WS-BENCH-DRAIN';

function readAll<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

export async function runDrainBench(count: number, load: () => string): Promise<void> {
  console.log(`\n— outbox drain: ${count} tickets filed while the institution is down, then it returns; load ${load()}`);
  const child = fork(new URL('./tickets-drain-server.ts', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<unknown>((resolve) => child.once('message', resolve));
  const ask = async (message: unknown) => {
    const answer = next();
    child.send(message as never);
    return answer;
  };
  const { trust, dataDir } = (await next()) as { trust: InstitutionTrust; dataDir: string };
  const deskDir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-tickets-drain-desk-'));
  try {
    const { code } = (await ask({ op: 'register', workstationId: WORKSTATION })) as { code: string };
    const desk = await openFaultDesk({ trust, dataDir: deskDir, workstationId: WORKSTATION, enrollmentCode: code, deliveryBackoff: 'production', log: () => undefined });
    try {
      await ask({ op: 'down' });
      const fileNs: number[] = [];
      const filingStarted = Date.now();
      for (let i = 0; i < count; i += 1) {
        const t = process.hrtime.bigint();
        await desk.file(i);
        fileNs.push(Number(process.hrtime.bigint() - t));
        if ((i + 1) % 2_000 === 0) console.log(`  filed ${i + 1} (${((Date.now() - filingStarted) / 1000).toFixed(1)} s), load ${load()}`);
      }
      printRow('file (seal 2 + submit)', summarize(fileNs), 'ms');
      const queued = new Set(readAll<{ k: string }>(join(deskDir, 'outbox.sqlite'), "SELECT idempotency_key AS k FROM outbox WHERE kind LIKE 'ticket%'").map((r) => r.k));
      const waiting = (await desk.outbox()).waiting;
      console.log(`queued on the desk: ${queued.size} outbox rows, ${waiting} waiting; at the institution: 0 (down). load ${load()}`);

      await ask({ op: 'up' });
      const up = Date.now();
      const upNs = process.hrtime.bigint();
      for (;;) {
        if (desk.queuedRows() === 0) break;
        if (Date.now() - up > 15 * 60_000) throw new Error('the outbox did not drain in 15 minutes');
        await new Promise((r) => setTimeout(r, 20));
      }
      const drainMs = Number(process.hrtime.bigint() - upNs) / 1e6;

      const stored = readAll<{ k: string; at: number }>(databasePath(dataDir), 'SELECT idempotency_key AS k, received_at AS at FROM tickets');
      const keys = new Set(stored.map((s) => s.k));
      const lost = [...queued].filter((k) => !keys.has(k)).length;
      const duplicated = stored.length - keys.size;
      const unknown = [...keys].filter((k) => !queued.has(k)).length;
      const after = stored.map((s) => (s.at - up) * 1e6);
      const first = Math.min(...stored.map((s) => s.at)) - up;
      const last = Math.max(...stored.map((s) => s.at)) - up;
      console.log(`drained ${count} in ${(drainMs / 1000).toFixed(2)} s after the institution returned (${Math.round(count / (drainMs / 1000))} tickets/s); first stored after ${first} ms, last after ${last} ms`);
      printRow('stored after return', summarize(after), 'ms');
      console.log(`institution holds ${stored.length}: lost ${lost}, duplicated ${duplicated}, unknown ${unknown}; undeliverable ${(await desk.outbox()).undeliverable.length}. load ${load()}`);
    } finally {
      await desk.close();
    }
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
    });
    rmSync(deskDir, { recursive: true, force: true });
  }
}
