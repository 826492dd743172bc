import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInstitutionClient } from '../api/client.ts';
import { eventually, startRelay, startTestInstitution, type TestInstitution } from '../desk-core.harness.ts';
import type { Timers } from '../outbox/delivery.ts';
import { createEnroller, type EnrollerOptions } from './enroller.ts';

/**
 * Start-up enrollment against the real institution over pinned HTTPS. Network failures
 * come from a real TCP relay on 127.0.0.1 that drops connections until told to pass them.
 */
let institution: TestInstitution;
beforeAll(async () => {
  institution = await startTestInstitution();
});
afterAll(async () => {
  await institution?.close();
});
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const newKey = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
let counter = 0;
const nextId = () => `WS-ENROLLER-${(counter += 1)}`;

/** A link to the institution that is down until `pass()`. */
async function relay(): Promise<{ url: string; pass(): void }> {
  const link = await startRelay();
  cleanups.push(() => link.close());
  return { url: link.url, pass: () => link.forwardTo(institution.server.url) };
}

/** Timers the test fires by hand: retries happen when the test says so, never by the clock. */
function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const entry = { fn, ms };
      pending.push(entry);
      return entry;
    },
    clearTimeout: (h) => {
      const i = pending.indexOf(h as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return { timers, pending, fireNext: () => pending.shift()?.fn() };
}

function enroller(workstationId: string, over: Partial<EnrollerOptions> & { url?: string } = {}) {
  let enrolled = false;
  const events: string[] = [];
  const client = createInstitutionClient({ baseUrls: [over.url ?? institution.server.url], pins: [institution.server.tlsPin], caPem: institution.server.caCertPem, retries: 0, timeoutMs: 5_000 });
  const publicKey = over.publicKeySpkiBase64 ?? newKey();
  const e = createEnroller({
    client,
    workstationId,
    publicKeySpkiBase64: publicKey,
    record: { isEnrolled: () => enrolled, markEnrolled: () => (enrolled = true) },
    onEnrolled: () => events.push('enrolled'),
    log: (m) => events.push(m),
    ...over,
  });
  cleanups.push(() => e.stop());
  return { e, events, publicKey, isRecorded: () => enrolled };
}

/**
 * Would the institution let an operator sign in here? It hands out sign-in challenges (the
 * nonce the workstation key signs for a login) only to enrolled workstations: 200 or 403.
 */
async function signInChallengeStatus(workstationId: string): Promise<number> {
  return (await institution.call('POST', '/auth/challenge', { body: { workstationId } })).status;
}

describe('start-up enrollment (real institution server)', () => {
  it('enrolls with the provisioned code in the background, records it and says so once', async () => {
    const id = nextId();
    const code = await institution.register(id);
    expect(await signInChallengeStatus(id)).toBe(403);
    const w = enroller(id, { enrollmentCode: code });
    expect(w.e.state()).toBe('pending');
    w.e.start();
    await eventually(() => (w.e.state() === 'enrolled' ? true : undefined), 'enrolled');
    expect(w.isRecorded()).toBe(true);
    expect(w.events).toEqual(['enrolled']);
    expect(await signInChallengeStatus(id)).toBe(200);
    expect(await w.e.attemptNow()).toBe('enrolled');
    expect(w.events.join('\n')).not.toContain(code);
  });

  it('does nothing when this key is already recorded as enrolled', async () => {
    const id = nextId();
    const w = enroller(id, { record: { isEnrolled: () => true, markEnrolled: () => undefined } });
    expect(w.e.state()).toBe('enrolled');
    w.e.start();
    expect(await w.e.attemptNow()).toBe('enrolled');
    expect(await signInChallengeStatus(id)).toBe(403); // nothing was sent
  });

  it('a lost local record is repaired without a code: the institution answers 200 for the same key', async () => {
    const id = nextId();
    const publicKey = newKey();
    await institution.provision(id, publicKey);
    const w = enroller(id, { publicKeySpkiBase64: publicKey });
    expect(await w.e.attemptNow()).toBe('enrolled');
    expect(w.isRecorded()).toBe(true);
  });

  it.each([
    ['a wrong code', async (id: string) => (await institution.register(id)).replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))],
    ['no code at all', async (id: string) => (await institution.register(id), undefined)],
    ['an unregistered workstation', async () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    ['a code already spent by another key (409)', async (id: string) => (await institution.provision(id, newKey()), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')],
  ])('stops at a refusal (%s): refused, nothing recorded, no retry', async (_label, codeFor) => {
    const id = nextId();
    const code = await codeFor(id);
    const t = manualTimers();
    const w = enroller(id, { ...(code === undefined ? {} : { enrollmentCode: code }), timers: t.timers });
    expect(await w.e.attemptNow()).toBe('refused');
    expect(w.isRecorded()).toBe(false);
    expect(t.pending).toHaveLength(0);
    expect(w.events).toEqual([expect.stringMatching(/^enrollment refused by the institution \(http (403|409)\)/)]);
    expect(await w.e.attemptNow()).toBe('refused');
  });

  it('retries network failures with growing backoff until the institution answers', async () => {
    const id = nextId();
    const code = await institution.register(id);
    const link = await relay();
    const t = manualTimers();
    const w = enroller(id, { url: link.url, enrollmentCode: code, timers: t.timers, backoff: { initialMs: 100, maxMs: 400 }, random: () => 1 });
    w.e.start();
    await eventually(() => (t.pending.length === 1 ? true : undefined), 'first retry scheduled');
    expect(w.e.state()).toBe('pending');
    const delays = [t.pending[0]?.ms];
    for (let i = 0; i < 3; i += 1) {
      t.fireNext();
      await eventually(() => (t.pending.length === 1 ? true : undefined), 'next retry scheduled');
      delays.push(t.pending[0]?.ms);
    }
    expect(delays).toEqual([100, 200, 400, 400]);
    expect(w.events.filter((m) => m.startsWith('enrollment failed (network'))).toHaveLength(4);
    link.pass();
    t.fireNext();
    await eventually(() => (w.e.state() === 'enrolled' ? true : undefined), 'enrolled after the outage');
    expect(t.pending).toHaveLength(0);
    expect(w.events.at(-1)).toBe('enrolled');
  });

  it('attemptNow tries at once while waiting out a backoff, and joins an attempt on the wire', async () => {
    const id = nextId();
    const code = await institution.register(id);
    const link = await relay();
    const t = manualTimers();
    const w = enroller(id, { url: link.url, enrollmentCode: code, timers: t.timers });
    expect(await w.e.attemptNow()).toBe('pending');
    expect(t.pending).toHaveLength(1);
    link.pass();
    const [a, b] = await Promise.all([w.e.attemptNow(), w.e.attemptNow()]);
    expect([a, b]).toEqual(['enrolled', 'enrolled']);
    expect(t.pending).toHaveLength(0);
    expect(w.events.filter((m) => m === 'enrolled')).toHaveLength(1);
  });

  it('after stop, a late success is not recorded and nothing is retried', async () => {
    const id = nextId();
    const code = await institution.register(id);
    const t = manualTimers();
    const w = enroller(id, { enrollmentCode: code, timers: t.timers });
    const attempt = w.e.attemptNow();
    w.e.stop();
    expect(await attempt).toBe('pending');
    expect(w.isRecorded()).toBe(false);
    expect(t.pending).toHaveLength(0);
    // The institution did enroll the key: the next start repairs the record (same key → 200).
    const again = enroller(id, { publicKeySpkiBase64: w.publicKey });
    expect(await again.e.attemptNow()).toBe('enrolled');
  });
});
