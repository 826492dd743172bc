import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../institution/contract/audit.ts';
import type { ConnectionState, SessionState } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { ApiFailure, createInstitutionClient, toDeskError, type InstitutionClient } from '../api/client.ts';
import { createAuditChain } from '../audit/chain.ts';
import { AUDIT_KIND } from '../audit/deliverer.ts';
import { loadOrCreateWorkstationKey } from '../audit/workstation-key.ts';
import { createWorkstationSigner, signerAuth } from '../audit/workstation-signer.ts';
import { eventually, startTestInstitution, totpFor, type TestInstitution } from '../desk-core.harness.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import type { Timers } from '../outbox/delivery.ts';
import { openOutboxStore } from '../outbox/store.ts';
import { createPolicyEngine } from '../policy/engine.ts';
import { createPushRouter } from '../push/router.ts';
import { routeSessionPushes } from '../push/session-domains.ts';
import { createPushChannel } from '../push/channel.ts';
import { createSessionKeeper, type SessionKeeper } from './keeper.ts';

/**
 * The session keeper against the real institution server over pinned HTTPS, with the
 * real client, push channel, audit chain and policy engine. The server's clock is ours
 * to move, so token expiry is tested without sleeping.
 */
const ACCESS_TTL_S = 60;
const REFRESH_TTL_S = 600;
let skewMs = 0;
let institution: TestInstitution;

beforeAll(async () => {
  institution = await startTestInstitution({
    now: () => Date.now() + skewMs,
    tokenTtl: { accessSeconds: ACCESS_TTL_S, refreshSeconds: REFRESH_TTL_S },
    sseHeartbeatMs: 1_000,
  });
});
afterAll(async () => {
  await institution?.close();
});

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  skewMs = 0;
});

let wsCounter = 0;
/** A keeper on a workstation IT provisioned (enrolled before the keeper starts), unless `enrolled: false`. */
async function desk(o: { refreshAt?: number; timers?: Timers; enrolled?: boolean } = {}) {
  const workstationId = `WS-KEEPER-${++wsCounter}`;
  const dir = mkdtempSync(join(tmpdir(), 'keeper-'));
  const store = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('keeper-tests') });
  const signingKey = loadOrCreateWorkstationKey(store);
  const chain = createAuditChain({ store, workstationId, signingKey, now: Date.now });
  if (o.enrolled !== false) await institution.provision(workstationId, chain.publicKeySpkiBase64());
  const real = createInstitutionClient({
    baseUrls: [institution.server.url],
    pins: [institution.server.tlsPin],
    caPem: institution.server.caCertPem,
    // The workstation proves its enrolled key on login, refresh and unlock, as desk-core wires it.
    workstation: signerAuth(createWorkstationSigner({ workstationId, signingKey, head: () => chain.head(), now: Date.now }), 1),
  });
  const calls: string[] = [];
  // The real client, with a note of which methods the keeper used.
  const client: InstitutionClient = new Proxy(real, {
    get(target, prop: keyof InstitutionClient) {
      calls.push(String(prop));
      return target[prop];
    },
  });
  let keeper: SessionKeeper | null = null;
  const policy = createPolicyEngine({
    baseline: { idleLockSeconds: 900, watermark: true },
    audit: chain,
    actor: () => keeper?.operatorId() ?? null,
  });
  const sessions: SessionState[] = [];
  const connections: ConnectionState[] = [];
  const router = createPushRouter({ audit: chain, actor: () => keeper?.operatorId() ?? null });
  keeper = createSessionKeeper({
    routePush: (message, eventId) => router.route(message, eventId),
    client,
    workstationId,
    audit: chain,
    policy,
    createPushChannel,
    onSessionChanged: (s) => sessions.push(s),
    onConnectionChanged: (c) => connections.push(c),
    ...(o.refreshAt === undefined ? {} : { refreshAt: o.refreshAt }),
    ...(o.timers === undefined ? {} : { timers: o.timers }),
  });
  const k = keeper;
  routeSessionPushes(router, { session: k, policy, audit: chain });
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
    () => k.shutdown(),
  );
  const audited = () => store.peek(AUDIT_KIND, 1_000).map((i) => AuditEvent.parse(i.payload));
  return { keeper: k, workstationId, sessions, connections, policy, calls, audited };
}

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}
const apiCode = (e: unknown) => (e instanceof ApiFailure ? e.code : e instanceof DeskFailure ? e.code : String(e));

describe('session keeper (real institution server)', () => {
  it('logs in: applies the policy from /me, goes online and audits', async () => {
    const d = await desk();
    const state = await d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' });
    expect(state).toMatchObject({ status: 'active', operator: { id: 'A1001', roles: ['agent'] } });
    expect(d.sessions).toEqual([state]);
    await eventually(() => (d.keeper.connection() === 'online' ? true : undefined), 'push channel online');
    expect(d.connections).toContain('online');

    const admin = await institution.token('ADM01', 'Admin#2026');
    const status = await institution.call('GET', `/admin/audit/workstations/${d.workstationId}`, { token: admin });
    expect(status.status).toBe(200); // the institution knows this workstation (IT provisioned it)
    expect(d.calls).not.toContain('enrollWorkstation'); // enrolling is core's start-up business, not the session's

    expect(d.audited().map((e) => [e.type, e.actor])).toEqual([
      ['policy.applied', 'A1001'], // the server's policy differs from this test's baseline
      ['session.login', 'A1001'],
    ]);
    expect(await failureOf(d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' })).then(apiCode)).toBe('bad_request');
  });

  it('is refused on a workstation the institution has not enrolled, and audits why', async () => {
    const d = await desk({ enrolled: false });
    const err = await failureOf(d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' }));
    expect(apiCode(err)).toBe('workstation_not_enrolled');
    expect(toDeskError(err)).toEqual({ code: 'workstation_not_enrolled' });
    expect(d.keeper.state()).toEqual({ status: 'logged-out', reason: null });
    expect(d.sessions).toEqual([]);
    expect(d.audited().map((e) => [e.type, e.data])).toEqual([['session.login-failed', { operatorId: 'A1001', reason: 'workstation_not_enrolled' }]]);
  });

  it('refuses a wrong password, stays logged out and audits the attempt without the password', async () => {
    const d = await desk();
    const err = await failureOf(d.keeper.login({ operatorId: 'A1001', password: 'Wrong#Password-77' }));
    expect(apiCode(err)).toBe('invalid_credentials');
    expect(d.keeper.state()).toEqual({ status: 'logged-out', reason: null });
    const events = d.audited();
    expect(events.map((e) => [e.type, e.actor, e.data])).toEqual([
      ['session.login-failed', null, { operatorId: 'A1001', reason: 'invalid_credentials' }],
    ]);
    expect(JSON.stringify(events)).not.toContain('Wrong#Password-77');
    expect(d.calls).not.toContain('enrollWorkstation');
  });

  it('asks for the TOTP code when the operator has one, and accepts the right code', async () => {
    const d = await desk();
    expect(apiCode(await failureOf(d.keeper.login({ operatorId: 'A1002', password: 'Agent#2026' })))).toBe('totp_required');
    const good = totpFor('JBSWY3DPEHPK3PXP', Date.now());
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    expect(apiCode(await failureOf(d.keeper.login({ operatorId: 'A1002', password: 'Agent#2026', totp: wrong })))).toBe('totp_invalid');
    const state = await d.keeper.login({ operatorId: 'A1002', password: 'Agent#2026', totp: good });
    expect(state).toMatchObject({ status: 'active', operator: { id: 'A1002', totpEnabled: true } });
    expect(JSON.stringify(d.audited())).not.toContain(good);
  });

  it('locks, allows nothing but unlock/logout while locked, and unlocks with the password', async () => {
    const d = await desk();
    await d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' });
    expect(d.keeper.lock()).toMatchObject({ status: 'locked', operator: { id: 'A1001' } });
    expect(() => d.keeper.lock()).toThrow(expect.objectContaining({ code: 'session_locked' }));
    expect(() => d.keeper.requireActive()).toThrow(expect.objectContaining({ code: 'session_locked' }));
    expect(apiCode(await failureOf(d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' })))).toBe('session_locked');
    expect(apiCode(await failureOf(d.keeper.withAccessToken(() => Promise.resolve(1))))).toBe('session_locked');

    expect(apiCode(await failureOf(d.keeper.unlock({ password: 'not-it' })))).toBe('invalid_credentials');
    expect(d.keeper.state().status).toBe('locked');
    expect(await d.keeper.unlock({ password: 'Agent#2026' })).toMatchObject({ status: 'active' });
    expect(d.keeper.requireActive().id).toBe('A1001');
    expect(d.sessions.map((s) => s.status)).toEqual(['active', 'locked', 'active']);
    expect(d.audited().map((e) => e.type).filter((t) => t.startsWith('session.'))).toEqual([
      'session.login',
      'session.locked',
      'session.unlock-failed',
      'session.unlocked',
    ]);
  });

  it('logs out: tokens gone, push stopped, offline, audited; operator calls then need a login', async () => {
    const d = await desk();
    await d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' });
    await eventually(() => (d.keeper.connection() === 'online' ? true : undefined), 'online');
    expect(await d.keeper.logout()).toEqual({ status: 'logged-out', reason: 'user' });
    expect(d.keeper.connection()).toBe('offline');
    expect(d.calls).toContain('logout');
    expect(apiCode(await failureOf(d.keeper.withAccessToken(() => Promise.resolve(1))))).toBe('not_logged_in');
    expect(() => d.keeper.lock()).toThrow(expect.objectContaining({ code: 'not_logged_in' }));
    expect(d.audited().at(-1)).toMatchObject({ type: 'session.logout', actor: 'A1001', data: { cause: 'user' } });
  });

  it('applies policy pushed by the institution while the session is open', async () => {
    const d = await desk();
    await d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' });
    await eventually(() => (d.keeper.connection() === 'online' ? true : undefined), 'online');
    const admin = await institution.token('ADM01', 'Admin#2026');
    const current = d.policy.current();
    const next = { idleLockSeconds: current.idleLockSeconds === 77 ? 78 : 77 };
    expect((await institution.call('PUT', '/admin/policy', { token: admin, body: next })).status).toBe(200);
    await eventually(() => (d.policy.current().idleLockSeconds === next.idleLockSeconds ? true : undefined), 'pushed policy');
    expect(d.audited().at(-1)).toMatchObject({ type: 'policy.applied', data: { source: 'push', idleLockSeconds: next.idleLockSeconds } });
  });

  it('ends the session when the institution disables the operator (push), reason operator-disabled', async () => {
    const admin = await institution.token('ADM01', 'Admin#2026');
    const created = await institution.call('POST', '/admin/operators', {
      token: admin,
      body: { id: 'A1900', displayName: 'Temp Agent', password: 'Temp#Agent-2026', roles: ['agent'], team: 'team-1' },
    });
    expect(created.status).toBe(201);
    const d = await desk();
    await d.keeper.login({ operatorId: 'A1900', password: 'Temp#Agent-2026' });
    await eventually(() => (d.keeper.connection() === 'online' ? true : undefined), 'online');
    expect((await institution.call('PATCH', '/admin/operators/A1900', { token: admin, body: { disabled: true } })).status).toBe(200);
    await eventually(() => (d.keeper.state().status === 'logged-out' ? true : undefined), 'revocation');
    expect(d.keeper.state()).toEqual({ status: 'logged-out', reason: 'operator-disabled' });
    expect(d.sessions.at(-1)).toEqual({ status: 'logged-out', reason: 'operator-disabled' });
    expect(d.audited().at(-1)).toMatchObject({ type: 'session.revoked', actor: 'A1900', data: { reason: 'operator-disabled' } });
  });

  it('refreshes once on a 401 and retries the call', async () => {
    const d = await desk({ refreshAt: 100 }); // no timed refresh within this test
    await d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' });
    skewMs = (ACCESS_TTL_S + 5) * 1_000; // the access token has expired, the refresh token has not
    const client = createInstitutionClient({ baseUrls: [institution.server.url], pins: [institution.server.tlsPin], caPem: institution.server.caCertPem });
    const me = await d.keeper.withAccessToken((t) => client.me(t));
    expect(me.operator.id).toBe('A1001');
    expect(d.calls.filter((c) => c === 'refresh')).toHaveLength(1);
    expect(d.keeper.state().status).toBe('active');
  });

  it('logs out with reason expired when the institution refuses the refresh', async () => {
    const d = await desk({ refreshAt: 100 });
    await d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' });
    skewMs = (REFRESH_TTL_S + 5) * 1_000;
    const client = createInstitutionClient({ baseUrls: [institution.server.url], pins: [institution.server.tlsPin], caPem: institution.server.caCertPem });
    expect(apiCode(await failureOf(d.keeper.withAccessToken((t) => client.me(t))))).toBe('session_expired');
    expect(d.keeper.state()).toEqual({ status: 'logged-out', reason: 'expired' });
    expect(d.sessions.at(-1)).toEqual({ status: 'logged-out', reason: 'expired' });
    expect(d.audited().at(-1)).toMatchObject({ type: 'session.expired', actor: 'A1001' });
  });

  it('refreshes before expiry on its own, so the new token works after the old one expired', async () => {
    const pending: (() => void)[] = [];
    const delays: number[] = [];
    const timers: Timers = {
      setTimeout: (fn, ms) => (delays.push(ms), pending.push(fn)),
      clearTimeout: () => undefined,
    };
    const d = await desk({ timers });
    await d.keeper.login({ operatorId: 'A1001', password: 'Agent#2026' });
    expect(delays).toEqual([ACCESS_TTL_S * 1_000 * 0.8]);
    skewMs = 30_000; // the timer fires half-way through the first token's life
    pending.shift()!();
    await eventually(() => (delays.length === 2 ? true : undefined), 'refresh done and rescheduled');
    expect(d.calls.filter((c) => c === 'refresh')).toHaveLength(1);
    skewMs = (ACCESS_TTL_S + 5) * 1_000; // first token expired, refreshed one still valid
    const client = createInstitutionClient({ baseUrls: [institution.server.url], pins: [institution.server.tlsPin], caPem: institution.server.caCertPem });
    expect((await d.keeper.withAccessToken((t) => client.me(t))).operator.id).toBe('A1001');
    expect(d.calls.filter((c) => c === 'refresh')).toHaveLength(1); // no 401 needed rescuing
  });
});
