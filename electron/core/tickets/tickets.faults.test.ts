import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore } from '../outbox/store.ts';
import { FAULT_DESK_SECRET, openFaultDesk, type FaultDesk } from './tickets-faults.desk.ts';
import { duplicatesOf, startRestartableInstitution, type RestartableInstitution } from './tickets-faults.harness.ts';
import { ownTicketKind, TICKET_KIND, type QueuedTicket } from './ticket-queue.ts';

/**
 * Issue #9's fault test "institution down while 1,000 tickets are submitted → all delivered
 * exactly once after it returns", with real parts: the desk core in this process, a real
 * institution server (HTTPS, SQLite) that is really stopped — not just unreachable — while
 * the agent files, then started again on the same data. The desk's queued Idempotency-Keys
 * are compared with the keys the institution stored, and every ticket's marker with the
 * markers filed.
 */
const COUNT = 1_000;
const WORKSTATION = 'WS-TICKETS-OUTAGE';

let institution: RestartableInstitution;
let deskDir: string;
let desk: FaultDesk | null = null;

beforeAll(async () => {
  institution = await startRestartableInstitution();
  deskDir = mkdtempSync(join(tmpdir(), 'tickets-outage-desk-'));
});
afterAll(async () => {
  await desk?.close();
  await institution?.close();
  rmSync(deskDir, { recursive: true, force: true });
});

/**
 * The desk's outbox as it is on disk, through a second connection (the core keeps its own
 * open): queued tickets by Idempotency-Key (both kinds: with a known filing session or the
 * filer's own), and the dead letters.
 */
async function onDisk(): Promise<{ queued: Map<string, QueuedTicket>; deadLetters: number }> {
  const store = await openOutboxStore({ dataDir: deskDir, keyProvider: createStaticKeyProvider(FAULT_DESK_SECRET) });
  try {
    const items = [...store.peek(TICKET_KIND, COUNT * 2), ...store.peek(ownTicketKind('A1001'), COUNT * 2)];
    return { queued: new Map(items.map((item) => [item.idempotencyKey, item.payload as QueuedTicket])), deadLetters: store.deadLetters().length };
  } finally {
    store.close();
  }
}

describe('tickets across an institution outage (real core, real institution stopped and restarted)', () => {
  it(`queues ${COUNT} tickets filed while the institution is down and delivers each exactly once when it returns`, async () => {
    const trust = await institution.trust();
    desk = await openFaultDesk({ trust, dataDir: deskDir, workstationId: WORKSTATION, enrollmentCode: await institution.register(WORKSTATION) });

    await institution.stop();
    const t0 = Date.now();
    const answers = [];
    for (let i = 0; i < COUNT; i += 1) answers.push(await desk.file(i));
    expect(answers.every((a) => a.state === 'queued')).toBe(true);
    expect(new Set(answers.map((a) => a.localId)).size).toBe(COUNT);
    expect((await desk.outbox()).waiting).toBe(COUNT);
    expect(institution.storedCount()).toBe(0);

    // What the desk will send: one Idempotency-Key per ticket, every ticket's body with its filing session.
    const { queued } = await onDisk();
    expect(queued.size).toBe(COUNT);
    const byLocalId = new Set([...queued.values()].map((q) => q.localId));
    expect(answers.every((a) => byLocalId.has(a.localId))).toBe(true);

    const t1 = Date.now();
    await institution.start();
    await desk.drained(120_000);
    console.log(`tickets outage: ${COUNT} filed while down in ${t1 - t0} ms, all delivered ${Date.now() - t1} ms after the institution returned`);

    const stored = institution.storedTickets();
    expect(stored).toHaveLength(COUNT);
    expect(duplicatesOf(stored)).toEqual({ duplicated: [], unmarked: 0 });
    expect(stored.map((t) => t.index).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    expect(new Set(stored.map((t) => t.id)).size).toBe(COUNT);
    // The keys the institution stored are exactly the keys the desk queued.
    expect(new Set(stored.map((t) => t.idempotencyKey))).toEqual(new Set(queued.keys()));
    expect(new Set(stored.map((t) => `${t.filedBy}@${t.workstationId}`))).toEqual(new Set([`A1001@${WORKSTATION}`]));
    // Nothing left behind on the desk: no queued row, no dead letter.
    const after = await onDisk();
    expect({ queued: after.queued.size, deadLetters: after.deadLetters }).toEqual({ queued: 0, deadLetters: 0 });
    expect(await desk.outbox()).toEqual({ waiting: 0, undeliverable: [] });
  }, 180_000);
});
