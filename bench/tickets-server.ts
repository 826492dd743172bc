/**
 * The institution side of bench/tickets.bench.ts, in its own process (so the load generator
 * and the server do not share an event loop): a real institution server (HTTPS, SQLite, the
 * demo seed with its ticket types) on loopback in a temp data dir, one registered workstation
 * and one agent session on it (issued in the database: the sign-in is not what is measured).
 * Sends `{ url, caCertPem, token, dataDir }` to the parent over IPC; stops and removes the
 * dir on 'stop' or when the parent goes away.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionStore, DEFAULT_TOKEN_TTL } from '../institution/src/auth/sessions.ts';
import { systemClock } from '../institution/src/clock.ts';
import { databasePath } from '../institution/src/data-dir.ts';
import { openDatabase } from '../institution/src/db/open-database.ts';
import { seedDemo } from '../institution/src/seed/demo.ts';
import { startInstitutionServer } from '../institution/src/server.ts';
import { registerWorkstation } from '../institution/src/workstations/registration.ts';

export interface TicketsServerReady {
  url: string;
  caCertPem: string;
  /** An agent (A1001) session on BENCH_WORKSTATION: files tickets like a desk's session. */
  token: string;
  dataDir: string;
}

export const BENCH_WORKSTATION = 'WS-BENCH-TICKETS';
/** Cheap hashing: nobody signs in by password here. */
const SCRYPT = { N: 2 ** 12, r: 8, p: 1 };
const dataDir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-tickets-'));

async function main(): Promise<void> {
  await seedDemo({ dataDir, passwordHashing: SCRYPT });
  await registerWorkstation({ dataDir, workstationId: BENCH_WORKSTATION });
  const handle = await openDatabase(databasePath(dataDir));
  const sessions = createSessionStore({ db: handle.db, now: systemClock, ttl: DEFAULT_TOKEN_TTL });
  const token = (await sessions.issue('A1001', BENCH_WORKSTATION)).tokens.accessToken;
  await handle.close();
  const server = await startInstitutionServer({ dataDir, port: 0, passwordHashing: SCRYPT });
  const stop = async (): Promise<void> => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  const ready: TicketsServerReady = { url: server.url, caCertPem: server.caCertPem, token, dataDir };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
