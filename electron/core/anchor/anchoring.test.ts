import { sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditEvent, GENESIS_HASH } from '../../../institution/contract/audit.ts';
import { auditEventHash } from '../../../institution/contract/audit-hash.ts';
import { createInstitutionClient, type InstitutionClient } from '../api/client.ts';
import { createAuditChain, type AuditChain } from '../audit/chain.ts';
import { AUDIT_KIND, createAuditDeliverer } from '../audit/deliverer.ts';
import { loadOrCreateWorkstationKey } from '../audit/workstation-key.ts';
import { createWorkstationSigner, signerAuth } from '../audit/workstation-signer.ts';
import { useTestInstitution } from '../desk-core.hooks.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import type { Timers } from '../outbox/delivery.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { createAnchorHeartbeat, type AnchorHeartbeat } from './heartbeat.ts';

/**
 * The attacks of the security review, done the way someone holding the workstation key
 * and its data directory would, against the desktop's real chain, outbox, client and
 * heartbeat and the real institution server: dropping an event, renumbering the rest and
 * re-signing; delivering a prefix and deleting the rest. Both are flagged after the next
 * anchor. The institution's clock is ours, to pass the delivery window without sleeping.
 */
const GRACE_MS = 10 * 60_000;
let skewMs = 0;
const env = useTestInstitution({ now: () => Date.now() + skewMs, anchorPolicy: { deliveryGraceMs: GRACE_MS }, tokenTtl: { accessSeconds: 86_400 } }, { admin: true });

/** Timers fired by the test: the heartbeat beats when the test says, never by the clock. */
function manualTimers() {
  const pending: { fn: () => void }[] = [];
  const timers: Timers = {
    setTimeout: (fn) => {
      const entry = { fn };
      pending.push(entry);
      return entry;
    },
    clearTimeout: (h) => {
      const i = pending.indexOf(h as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return { timers, pending };
}

let counter = 0;
interface Desk {
  id: string;
  store: OutboxStore;
  chain: AuditChain;
  key: KeyObject;
  client: InstitutionClient;
  heartbeat: AnchorHeartbeat;
  pendingTimers: { fn: () => void }[];
  deliver(limit: number): Promise<void>;
}

async function desk(): Promise<Desk> {
  const id = `WS-ANCHORING-${++counter}`;
  const dir = env.tempDir('anchoring-');
  const store = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('anchoring-tests') });
  env.cleanups.push(() => store.close());
  const key = loadOrCreateWorkstationKey(store);
  const chain = createAuditChain({ store, workstationId: id, signingKey: key, now: Date.now });
  await env.institution.provision(id, chain.publicKeySpkiBase64());
  const signer = createWorkstationSigner({ workstationId: id, signingKey: key, head: () => chain.head(), now: Date.now });
  const client = createInstitutionClient({ baseUrls: [env.institution.server.url], pins: [env.institution.server.tlsPin], caPem: env.institution.server.caCertPem, workstation: signerAuth(signer, 1) });
  const { timers, pending } = manualTimers();
  const heartbeat = createAnchorHeartbeat({ send: (h) => client.anchorAuditHead(h), signedHead: () => signer.signedHead(), timers, intervalMs: 60_000 });
  env.cleanups.push(() => heartbeat.stop());
  const deliverer = createAuditDeliverer(client);
  return {
    id,
    store,
    chain,
    key,
    client,
    heartbeat,
    pendingTimers: pending,
    async deliver(limit) {
      const items = store.peek(AUDIT_KIND, limit);
      const outcome = await deliverer.deliver(items);
      store.settle(AUDIT_KIND, outcome.delivered, outcome.rejected);
    },
  };
}

const flagsOf = async (id: string) => (await env.institution.auditView(id, env.admin))?.flags as { seq: number; reason: string }[];

/** What the key holder does: empties the outbox, re-signs the chain without event `drop`, and moves the head back. */
function dropRenumberResign(d: Desk, drop: number): void {
  const queued = d.store.peek(AUDIT_KIND, 1_000);
  d.store.settle(AUDIT_KIND, queued.map((item) => item.idempotencyKey), []);
  let prevHash = GENESIS_HASH;
  let seq = 0;
  for (const item of queued) {
    const { hash: _hash, signature: _signature, ...body } = AuditEvent.parse(item.payload);
    if (body.seq === drop) continue;
    const next = { ...body, seq: (seq += 1), prevHash };
    const hash = auditEventHash(next);
    d.store.enqueue(AUDIT_KIND, String(seq), { ...next, hash, signature: sign(null, Buffer.from(hash, 'utf8'), d.key).toString('base64') });
    prevHash = hash;
  }
  d.store.db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(seq, prevHash);
}

describe('anchoring the audit head at the institution (real server, real desktop chain)', () => {
  it('the heartbeat sends the signed head at start and at every beat, and nothing once stopped', async () => {
    const d = await desk();
    for (let i = 0; i < 2; i += 1) d.chain.append('ui.test-action', 'A1001', { n: i });
    d.heartbeat.start();
    expect(d.pendingTimers).toHaveLength(1);
    expect(await d.heartbeat.beatNow()).toEqual({ anchoredSeq: 2, headSeq: 0 });
    d.chain.append('ui.test-action', 'A1001', { n: 2 });
    d.pendingTimers.shift()?.fn();
    expect(await d.heartbeat.beatNow()).toEqual({ anchoredSeq: 3, headSeq: 0 });
    d.heartbeat.stop();
    expect(d.pendingTimers).toHaveLength(0);
  });

  it('without anchoring, the rewrite is not seen (control: the attack itself works)', async () => {
    const d = await desk();
    for (let i = 0; i < 6; i += 1) d.chain.append('ui.test-action', 'A1001', { n: i });
    dropRenumberResign(d, 3);
    await d.deliver(100);
    expect(await flagsOf(d.id)).toEqual([]);
  });

  it('drop, renumber and re-sign after an anchor: flagged at the next anchor, and again on delivery', async () => {
    const d = await desk();
    for (let i = 0; i < 6; i += 1) d.chain.append('ui.test-action', 'A1001', { n: i });
    expect(await d.heartbeat.beatNow()).toEqual({ anchoredSeq: 6, headSeq: 0 });
    dropRenumberResign(d, 3);
    expect(d.chain.head().seq).toBe(5);
    await d.heartbeat.beatNow();
    expect((await flagsOf(d.id)).map((f) => [f.seq, f.reason])).toEqual([[5, 'head-regression']]);
    // Appending on top of the rewritten chain reaches seq 6 again, with another hash.
    d.chain.append('ui.test-action', 'A1001', { n: 'filler' });
    await d.deliver(100);
    expect((await flagsOf(d.id)).map((f) => f.reason)).toEqual(['head-regression', 'anchor-conflict']);
  });

  it('deliver a prefix, delete the rest: flagged at the first anchor after the delivery window', async () => {
    const d = await desk();
    for (let i = 0; i < 6; i += 1) d.chain.append('ui.test-action', 'A1001', { n: i });
    await d.heartbeat.beatNow();
    await d.deliver(3);
    const rest = d.store.peek(AUDIT_KIND, 100).map((item) => item.idempotencyKey);
    expect(rest).toEqual(['4', '5', '6']);
    d.store.settle(AUDIT_KIND, rest, []);
    await d.heartbeat.beatNow();
    expect(await flagsOf(d.id)).toEqual([]);
    skewMs += GRACE_MS + 1;
    expect(await d.heartbeat.beatNow()).toEqual({ anchoredSeq: 6, headSeq: 3 });
    expect((await flagsOf(d.id)).map((f) => [f.seq, f.reason])).toEqual([[6, 'undelivered']]);
  });

  it('an honest desk that anchors and delivers raises nothing, even after the window', async () => {
    const d = await desk();
    for (let i = 0; i < 4; i += 1) {
      d.chain.append('ui.test-action', 'A1001', { n: i });
      await d.heartbeat.beatNow();
    }
    await d.deliver(100);
    skewMs += GRACE_MS + 1;
    expect(await d.heartbeat.beatNow()).toEqual({ anchoredSeq: 4, headSeq: 4 });
    expect(await flagsOf(d.id)).toEqual([]);
  });
});
