/**
 * The institution side of bench/kb-push.bench.ts, in its own process (so the 1,000 clients
 * and the server do not share an event loop): a real institution server (HTTPS, SQLite,
 * the demo seed) on loopback in a temp data dir, with AGENTS extra agent operators and one
 * session each (issued in the database: 1,000 logins would only measure scrypt), and a
 * console session for the author. Sends `{ url, caCertPem, agentTokens, authorToken }` to
 * the parent over IPC; stops and removes the dir on 'stop' or when the parent goes away.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionStore, DEFAULT_TOKEN_TTL } from '../institution/src/auth/sessions.ts';
import { systemClock } from '../institution/src/clock.ts';
import { databasePath } from '../institution/src/data-dir.ts';
import { openDatabase } from '../institution/src/db/open-database.ts';
import { insertOperator } from '../institution/src/operators/operator-store.ts';
import { seedDemo } from '../institution/src/seed/demo.ts';
import { startInstitutionServer } from '../institution/src/server.ts';

const AGENTS = Number(process.env.KB_PUSH_CLIENTS ?? 1_000);
/** Cheap hashing: nobody signs in by password here. */
const SCRYPT = { N: 2 ** 12, r: 8, p: 1 };
const dataDir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-kb-push-'));

async function main(): Promise<void> {
  await seedDemo({ dataDir, passwordHashing: SCRYPT });
  const handle = await openDatabase(databasePath(dataDir));
  const sessions = createSessionStore({ db: handle.db, now: systemClock, ttl: DEFAULT_TOKEN_TTL });
  const agentTokens: string[] = [];
  for (let i = 1; i <= AGENTS; i += 1) {
    const id = `B${String(i).padStart(4, '0')}`;
    await insertOperator(handle.db, { id, displayName: `坐席${i}`, passwordHash: 'x', roles: ['agent'], team: 'team-1', totpSecret: null }, systemClock());
    agentTokens.push((await sessions.issue(id, 'BENCH-WS')).tokens.accessToken);
  }
  const authorToken = (await sessions.issue('ADM01', null)).tokens.accessToken;
  await handle.close();
  const server = await startInstitutionServer({ dataDir, port: 0, passwordHashing: SCRYPT, maxStreamsPerSource: AGENTS + 10 });
  const stop = async (): Promise<void> => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.({ url: server.url, caCertPem: server.caCertPem, agentTokens, authorToken });
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
