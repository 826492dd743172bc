import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent, GENESIS_HASH } from '../../../institution/contract/audit.ts';
import { auditEventHash } from '../../../institution/contract/audit-hash.ts';
import { startTestInstitution, type TestInstitution } from '../desk-core.harness.ts';
import { AUDIT_KIND } from '../audit/deliverer.ts';
import { loadOrCreateWorkstationKey, publicKeySpkiBase64 } from '../audit/workstation-key.ts';
import type { CrashFixtureConfig } from './crash-fixture.ts';
import { createStaticKeyProvider } from './crypto.ts';
import { openOutboxStore } from './store.ts';

/**
 * THE outbox guarantee, end to end: a workstation process killed with SIGKILL in the
 * middle of delivering its audit chain loses nothing and duplicates nothing. The
 * institution ends up with events 1..N exactly once, a valid chain and no flags.
 */
const FIXTURE = fileURLToPath(new URL('./crash-fixture.ts', import.meta.url));
const WORKSTATION = 'WS-CRASH-01';
const SECRET = 'crash-test-static-secret';
const MARKER = 'CRASH-FIXTURE-PLAINTEXT';
const COUNT = 50;
const LINE_TIMEOUT_MS = 30_000;

let institution: TestInstitution;
let deskDir: string;

beforeAll(async () => {
  institution = await startTestInstitution();
  deskDir = mkdtempSync(join(tmpdir(), 'crash-desk-'));
});
afterAll(async () => {
  await institution?.close();
  rmSync(deskDir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  lines: string[];
  /** Polls (bounded) until the fixture's stdout so far satisfies `done`. */
  waitFor(done: (lines: string[]) => boolean, what: string): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runFixture(): Run {
  const config: CrashFixtureConfig = {
    dataDir: deskDir,
    workstationId: WORKSTATION,
    secret: SECRET,
    url: institution.server.url,
    pin: institution.server.tlsPin,
    caPem: institution.server.caCertPem,
    count: COUNT,
    batchSize: 5,
    pauseMs: 400,
  };
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, CRASH_FIXTURE_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exited,
    async waitFor(done, what) {
      const deadline = Date.now() + LINE_TIMEOUT_MS;
      while (!done(lines)) {
        const fail = lines.find((l) => l.startsWith('fatal')) ?? (hasExited ? 'exited' : Date.now() > deadline ? 'timed out' : null);
        if (fail !== null) throw new Error(`fixture ${fail} before "${what}"; stdout ${JSON.stringify(lines)} stderr ${stderr}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

function institutionEvents(): AuditEvent[] {
  const db = new Database(join(institution.dataDir, 'institution.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT body FROM audit_events WHERE workstation_id = ? ORDER BY seq')
      .all(WORKSTATION) as { body: string }[];
    return rows.map((r) => AuditEvent.parse(JSON.parse(r.body)));
  } finally {
    db.close();
  }
}

const ackedSeqs = (line: string) => line.replace(/^acked ?/, '').split(',').filter(Boolean).map(Number);

describe('outbox crash safety (real institution server, SIGKILLed child process)', () => {
  it('delivers every event exactly once across a SIGKILL between the institution’s ack and the local delete', async () => {
    // Enrollment needs the workstation key, which lives (encrypted) in the desk data dir.
    const store = await openOutboxStore({ dataDir: deskDir, keyProvider: createStaticKeyProvider(SECRET) });
    const publicKey = publicKeySpkiBase64(loadOrCreateWorkstationKey(store));
    store.close();
    // IT registers the workstation; its key is enrolled with the one-time code.
    await institution.provision(WORKSTATION, publicKey);

    // Run 1: killed while pausing after the second acknowledged batch.
    const first = runFixture();
    const ackedSoFar = (lines: string[]) => lines.filter((l) => l.startsWith('acked')).flatMap(ackedSeqs).length;
    await first.waitFor((lines) => ackedSoFar(lines) >= 10, 'two acknowledged batches');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const held = institutionEvents().length;
    expect(held).toBeGreaterThanOrEqual(10);
    expect(held).toBeLessThan(COUNT);

    // Between runs: nothing was lost locally, the killed batch is still queued, and the
    // queue on disk is ciphertext only.
    const between = await openOutboxStore({ dataDir: deskDir, keyProvider: createStaticKeyProvider(SECRET) });
    const queued = between.peek(AUDIT_KIND, COUNT).map((i) => Number(i.idempotencyKey));
    between.close();
    expect(queued[0]).toBeLessThanOrEqual(held);
    expect(queued).toEqual(Array.from({ length: COUNT - queued[0]! + 1 }, (_, i) => queued[0]! + i));
    for (const f of readdirSync(deskDir).filter((n) => n.startsWith('outbox.sqlite'))) {
      expect(readFileSync(join(deskDir, f)).includes(MARKER)).toBe(false);
    }

    // Run 2: resends what the institution already had, delivers the rest, exits cleanly.
    const second = runFixture();
    await second.waitFor((lines) => lines.includes('done'), 'done');
    expect((await second.exited).code).toBe(0);
    expect(second.lines.find((l) => l.startsWith('appended'))).toBe(`appended ${COUNT} backlog ${COUNT - queued[0]! + 1}`);
    const firstResent = Number(second.lines.find((l) => l.startsWith('sending'))?.split(' ')[1]?.split(',')[0]);
    expect(firstResent).toBeLessThanOrEqual(held);

    // The institution holds 1..50 exactly once, as one valid signed chain, with no flags.
    const events = institutionEvents();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));
    const pub = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      expect(auditEventHash(e)).toBe(e.hash);
      expect(verify(null, Buffer.from(e.hash, 'utf8'), pub, Buffer.from(e.signature, 'base64'))).toBe(true);
      prev = e.hash;
    }
    const admin = await institution.token('ADM01', 'Admin#2026');
    const status = await institution.call('GET', `/admin/audit/workstations/${WORKSTATION}`, { token: admin });
    expect(status).toEqual({ status: 200, body: { workstationId: WORKSTATION, headSeq: COUNT, anchoredSeq: 0, anchoredAt: null, flags: [], nextBefore: null } });
  }, 120_000);
});
