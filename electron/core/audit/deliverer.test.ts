import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../institution/contract/audit.ts';
import { createInstitutionClient } from '../api/client.ts';
import { startTestInstitution, type TestInstitution } from '../desk-core.harness.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { createDeliveryLoop } from '../outbox/delivery.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { createAuditChain } from './chain.ts';
import { AUDIT_KIND, createAuditDeliverer } from './deliverer.ts';
import { loadOrCreateWorkstationKey } from './workstation-key.ts';

/** Audit delivery against the real institution: what it refuses is dead-lettered, never resent. */
let institution: TestInstitution;
beforeAll(async () => {
  institution = await startTestInstitution();
});
afterAll(async () => {
  await institution?.close();
});
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function workstation(id: string, enroll: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'deliverer-'));
  const store: OutboxStore = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('deliverer-tests') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  const chain = createAuditChain({ store, workstationId: id, signingKey: loadOrCreateWorkstationKey(store), now: Date.now });
  if (enroll) await institution.provision(id, chain.publicKeySpkiBase64());
  const client = createInstitutionClient({
    baseUrls: [institution.server.url],
    pins: [institution.server.tlsPin],
    caPem: institution.server.caCertPem,
    retries: 0,
  });
  const errors: string[] = [];
  const loop = createDeliveryLoop({
    store,
    deliverers: [createAuditDeliverer(client, { batchSize: 100 })],
    onError: (_k, e) => errors.push(e instanceof Error ? e.name : typeof e),
  });
  return { store, chain, loop, errors };
}

describe('audit deliverer (real institution server)', () => {
  it('dead-letters an event the institution rejects and delivers the others', async () => {
    const w = await workstation('WS-DELIVER-1', true);
    w.chain.append('session.login', 'A1001', {});
    const second = w.chain.append('ui.area-opened', 'A1001', { detail: 'kb' });
    w.chain.append('session.logout', 'A1001', {});
    // Tamper with event 2 in the queue: its content no longer matches its hash.
    w.store.settle(AUDIT_KIND, ['2'], []);
    w.store.enqueue(AUDIT_KIND, '2', { ...second, data: { detail: 'forged' } });

    const report = await w.loop.flushNow();
    expect(report).toMatchObject({ delivered: 2, rejected: 1, failed: false, backlog: 0 });
    expect(w.store.deadLetters().map((d) => [d.idempotencyKey, d.reason])).toEqual([['2', 'bad-hash']]);
    expect((await w.loop.flushNow()).delivered).toBe(0); // nothing is resent
  });

  it('keeps events queued (and reports a failure) while the workstation is not enrolled', async () => {
    const w = await workstation('WS-DELIVER-2', false);
    w.chain.append('session.login-failed', null, { operatorId: 'A1001', reason: 'invalid_credentials' });
    const report = await w.loop.flushNow();
    expect(report).toMatchObject({ delivered: 0, rejected: 0, failed: true, backlog: 1 });
    expect(w.errors).toEqual(['ApiFailure']);
    expect(AuditEvent.safeParse(w.store.peek(AUDIT_KIND, 1)[0]?.payload).success).toBe(true);
  });

  it('dead-letters a queued payload that is not an audit event without sending it', async () => {
    const w = await workstation('WS-DELIVER-3', true);
    w.store.enqueue(AUDIT_KIND, '1', { not: 'an event' });
    const report = await w.loop.flushNow();
    expect(report).toMatchObject({ delivered: 0, rejected: 1, backlog: 0 });
    expect(w.store.deadLetters().map((d) => d.reason)).toEqual(['malformed']);
  });
});
