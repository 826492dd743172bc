/**
 * The disk's state during bench/tickets.bench.ts: one SQLite commit with synchronous=FULL (WAL,
 * an 800-byte row, as the institution's ticket insert is) on the same filesystem as the
 * institution's data, timed `count` times. Printed beside the server figures: every filed
 * ticket costs at least one such commit, and SQLite commits one writer at a time, so when
 * this is slow (other processes' fsyncs on a shared disk) the server's ceiling falls with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function commitLatencyNs(count: number): number[] {
  const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-tickets-disk-'));
  const db = new Database(join(dir, 'probe.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const row = Buffer.alloc(800, 0x61);
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const t = process.hrtime.bigint();
      insert.run(row);
      samples.push(Number(process.hrtime.bigint() - t));
    }
    return samples;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
