import { describe, expect, it } from 'vitest';
import type { EventChannel, EventPayload } from '../contract/channels.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually, openTestDesk, signedProfileOf, startTestInstitution, totpFor, type TestDeskOptions, type TestInstitution } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';
import { createStaticKeyProvider } from './outbox/crypto.ts';
import { OutboxError } from './outbox/errors.ts';
import { ProfileError } from './profile/verify.ts';

/**
 * desk-core end to end: the real institution server over pinned HTTPS, its own signed
 * site profile, real SQLite outbox, real push channel. Everything the renderer can do
 * goes through dispatch(), exactly as over IPC.
 */
const PUSH_DEADLINE_MS = 2_000; // the brief: revocation and policy reach the desk within 2 s
const env = useTestInstitution({ sseHeartbeatMs: 1_000 }, { admin: true });
const signedProfile = (from: TestInstitution = env.institution) => signedProfileOf(from);

/** Workstations IT has registered, per institution: their first desk start gets the code. */
const registered = new Set<string>();

/**
 * Opens a desk the way IT provisions one: the first start of a workstation id carries a
 * fresh enrollment code (core enrolls with it); later starts of it carry none.
 */
async function openDesk(
  dataDir: string,
  workstationId: string,
  over: Omit<TestDeskOptions, 'dataDir' | 'workstationId'> = {},
  from: TestInstitution = env.institution,
): Promise<DeskCore> {
  const { register = true, ...options } = over;
  const key = `${from.dataDir} ${workstationId}`;
  const first = register && !registered.has(key);
  if (first) registered.add(key);
  return openTestDesk(from, env.cleanups, { dataDir, workstationId, register: first, deliveryBackoff: { initialMs: 200, maxMs: 1_000 }, ...options });
}

/** Records every event of every channel, for `seen()` and `next()`. */
function recorder(core: DeskCore) {
  const log: { channel: EventChannel; payload: unknown }[] = [];
  for (const channel of ['session.changed', 'connection.changed', 'policy.changed', 'audit.status-changed'] as const) {
    core.subscribe(channel, (payload) => log.push({ channel, payload }));
  }
  return {
    seen: <E extends EventChannel>(channel: E) =>
      log.filter((l) => l.channel === channel).map((l) => l.payload as EventPayload<E>),
    /** Waits (bounded) for an event of `channel` satisfying `match` after this call. */
    next<E extends EventChannel>(channel: E, match: (p: EventPayload<E>) => boolean, ms = 10_000) {
      const from = log.length;
      return eventually(
        () => log.slice(from).find((l) => l.channel === channel && match(l.payload as EventPayload<E>))?.payload as EventPayload<E> | undefined,
        `${channel} event`,
        ms,
      );
    },
  };
}

const auditView = (workstationId: string) => env.institution.auditView(workstationId, env.admin);
const institutionEvents = (workstationId: string) => env.institution.storedEvents(workstationId);

describe('desk core against the real institution server', () => {
  it('refuses a tampered or unknown-key profile with a ProfileError, before touching the network', async () => {
    const good = (await signedProfile()) as { profile: { serial: number }; keyId: string; signature: string };
    const tampered = { ...good, profile: { ...good.profile, serial: good.profile.serial + 1 } };
    const err1 = await openDesk(env.tempDir(), 'WS-DC-BAD', { signedProfile: tampered }).catch((e: unknown) => e);
    expect(err1).toBeInstanceOf(ProfileError);
    expect((err1 as ProfileError).code).toBe('bad-signature');
    const err2 = await openDesk(env.tempDir(), 'WS-DC-BAD', { trustedProfileKeys: {} }).catch((e: unknown) => e);
    expect((err2 as ProfileError).code).toBe('unknown-key');
    expect(await auditView('WS-DC-BAD')).toBeNull();
  });

  it('refuses an older profile than one it already accepted (rollback), and a wrong outbox key', async () => {
    const dir = env.tempDir();
    const older = await signedProfile();
    // New content makes the institution issue a newer serial.
    expect((await env.institution.call('PUT', '/admin/policy', { token: env.admin, body: { idleLockSeconds: 1234 } })).status).toBe(200);
    const newer = await signedProfile();
    expect((newer as { profile: { serial: number } }).profile.serial).toBeGreaterThan((older as { profile: { serial: number } }).profile.serial);
    const first = await openDesk(dir, 'WS-DC-ROLL', { signedProfile: newer });
    await first.close();
    const err = await openDesk(dir, 'WS-DC-ROLL', { signedProfile: older }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProfileError);
    expect((err as ProfileError).code).toBe('rollback');
    const wrongKey = await openDesk(dir, 'WS-DC-ROLL', { keyProvider: createStaticKeyProvider('another-secret') }).catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(OutboxError);
    expect((await openDesk(dir, 'WS-DC-ROLL', { signedProfile: newer })).profile.serial).toBeGreaterThan(0);
  });

  it('TOTP login through dispatch: asks for the code, accepts it, logs out', async () => {
    const core = await openDesk(env.tempDir(), 'WS-DC-TOTP');
    expect(await core.dispatch('session.login', { operatorId: 'A1002', password: 'Agent#2026' })).toEqual({
      ok: false,
      error: { code: 'totp_required' },
    });
    const totp = totpFor('JBSWY3DPEHPK3PXP', Date.now());
    const res = await core.dispatch('session.login', { operatorId: 'A1002', password: 'Agent#2026', totp });
    expect(res).toMatchObject({ ok: true, value: { status: 'active', operator: { id: 'A1002' } } });
    expect(await core.dispatch('session.logout', undefined)).toEqual({ ok: true, value: { status: 'logged-out', reason: 'user' } });
  });

  it('runs a whole shift: login, lock/unlock, UI audit, live policy, audit delivery, blocked request, remote disable', async () => {
    const ws = 'WS-DC-SHIFT';
    const core = await openDesk(env.tempDir(), ws);
    const events = recorder(core);
    const info = await core.dispatch('session.info', undefined);
    expect(info).toMatchObject({
      ok: true,
      value: { workstationId: ws, institutionName: { 'en-US': 'Demo Bank' }, session: { status: 'logged-out', reason: null } },
    });

    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'nope-nope' })).toEqual({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    const online = events.next('connection.changed', (c) => c === 'online');
    const login = await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' });
    expect(login).toMatchObject({ ok: true, value: { status: 'active', operator: { id: 'A1001', displayName: '王小明' } } });
    expect(events.seen('session.changed').at(-1)).toMatchObject({ status: 'active' });
    await online;

    expect(await core.dispatch('session.lock', undefined)).toMatchObject({ ok: true, value: { status: 'locked' } });
    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toEqual({
      ok: false,
      error: { code: 'session_locked' },
    });
    expect(await core.dispatch('session.unlock', { password: 'wrong-one' })).toEqual({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await core.dispatch('session.unlock', { password: 'Agent#2026' })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(() => core.session.requireActive()).not.toThrow();

    expect(await core.dispatch('audit.record', { action: 'area-opened', detail: 'kb' })).toEqual({ ok: true, value: null });
    core.recordSecurity({ kind: 'request-blocked', url: 'https://exfil.example:8443/upload?card=6222021234567890', detail: 'host' });

    const policyChanged = events.next('policy.changed', (p) => p.idleLockSeconds === 7, PUSH_DEADLINE_MS + 1_000);
    expect((await env.institution.call('PUT', '/admin/policy', { token: env.admin, body: { idleLockSeconds: 7 } })).status).toBe(200);
    expect(await policyChanged).toMatchObject({ idleLockSeconds: 7 });
    expect(await core.dispatch('policy.get', undefined)).toMatchObject({ ok: true, value: { idleLockSeconds: 7 } });

    // Everything so far reached the institution as one valid chain.
    await eventually(async () => {
      const status = await core.dispatch('audit.status', undefined);
      return status.ok && (status.value as { backlog: number }).backlog === 0 ? true : undefined;
    }, 'audit backlog drained');
    const view = await auditView(ws);
    expect(view?.flags).toEqual([]);
    expect(view?.headSeq).toBeGreaterThan(0);
    const delivered = institutionEvents(ws);
    expect(delivered.map((e) => e.seq)).toEqual(delivered.map((_, i) => i + 1));
    expect(delivered.map((e) => e.type)).toEqual(
      expect.arrayContaining(['session.login-failed', 'session.login', 'session.locked', 'session.unlock-failed', 'session.unlocked', 'ui.area-opened', 'security.request-blocked', 'policy.applied']),
    );
    const blocked = delivered.find((e) => e.type === 'security.request-blocked');
    expect(blocked?.data).toMatchObject({ origin: 'https://exfil.example:8443', detail: 'host' });
    const wire = JSON.stringify(delivered);
    for (const secret of ['Agent#2026', 'nope-nope', 'wrong-one', '6222021234567890']) expect(wire).not.toContain(secret);
    expect(events.seen('audit.status-changed').length).toBeGreaterThan(0);

    // The institution disables the operator: the desk logs out by itself.
    const revoked = events.next('session.changed', (s) => s.status === 'logged-out', PUSH_DEADLINE_MS);
    expect((await env.institution.call('PATCH', '/admin/operators/A1001', { token: env.admin, body: { disabled: true } })).status).toBe(200);
    expect(await revoked).toEqual({ status: 'logged-out', reason: 'operator-disabled' });
    expect(await core.dispatch('session.lock', undefined)).toEqual({ ok: false, error: { code: 'not_logged_in' } });
    await eventually(async () => {
      const types = institutionEvents(ws).map((e) => e.type);
      return types.includes('session.revoked') ? true : undefined;
    }, 'revocation audited at the institution');
    expect((await auditView(ws))?.flags).toEqual([]);
    expect((await env.institution.call('PATCH', '/admin/operators/A1001', { token: env.admin, body: { disabled: false } })).status).toBe(200);
  });

  it('continues the same chain after a restart without enrolling again', async () => {
    const dir = env.tempDir();
    const ws = 'WS-DC-RESTART';
    const first = await openDesk(dir, ws);
    await first.dispatch('session.login', { operatorId: 'S2001', password: 'Super#2026' });
    await first.close();
    const head = institutionEvents(ws).length;
    expect(head).toBeGreaterThan(0);

    const second = await openDesk(dir, ws);
    // Known at once from the first run's record: no code, no enrollment call.
    expect(await second.dispatch('session.info', undefined)).toMatchObject({ ok: true, value: { enrollment: 'enrolled' } });
    await second.dispatch('session.login', { operatorId: 'S2001', password: 'Super#2026' });
    await second.dispatch('session.logout', undefined);
    await eventually(() => (institutionEvents(ws).length > head + 1 ? true : undefined), 'second run delivered');
    expect((await auditView(ws))?.flags).toEqual([]);
    const seqs = institutionEvents(ws).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('serves settings in every session state and keeps the language across a restart', async () => {
    const dir = env.tempDir();
    const ws = 'WS-DC-SETTINGS';
    const first = await openDesk(dir, ws);
    expect(await first.dispatch('settings.get', undefined)).toEqual({ ok: true, value: { language: 'zh-CN' } });
    expect(await first.dispatch('settings.set', { language: 'en-US' })).toEqual({ ok: true, value: { language: 'en-US' } });
    expect(await first.dispatch('session.login', { operatorId: 'S2001', password: 'Super#2026' })).toMatchObject({ ok: true });
    expect(await first.dispatch('settings.get', undefined)).toEqual({ ok: true, value: { language: 'en-US' } });
    expect(await first.dispatch('session.lock', undefined)).toMatchObject({ ok: true, value: { status: 'locked' } });
    expect(await first.dispatch('settings.set', { language: 'zh-CN' })).toEqual({ ok: true, value: { language: 'zh-CN' } });
    expect(await first.dispatch('settings.set', { language: 'en-US' })).toEqual({ ok: true, value: { language: 'en-US' } });
    expect(await first.dispatch('settings.set', { language: 'fr-FR' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(await first.dispatch('settings.set', { language: 'zh-CN', extra: 1 })).toEqual({ ok: false, error: { code: 'bad_request' } });
    await first.close();

    const second = await openDesk(dir, ws);
    expect(await second.dispatch('settings.get', undefined)).toEqual({ ok: true, value: { language: 'en-US' } });
  });

  it('closes without the institution and keeps undelivered audit events for the next start', async () => {
    const other = await startTestInstitution();
    let otherClosed = false;
    env.cleanups.push(() => (otherClosed ? undefined : other.close()));
    const profile = await signedProfile(other);
    const dir = env.tempDir();
    const ws = 'WS-DC-OFFLINE';
    const core = await openDesk(dir, ws, { signedProfile: profile }, other);
    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toMatchObject({ ok: true });
    await other.close();
    otherClosed = true;
    expect(await core.dispatch('audit.record', { action: 'area-opened', detail: 'offline' })).toEqual({ ok: true, value: null });
    await core.close();

    const again = await openDesk(dir, ws, { signedProfile: profile }, other);
    const status = await again.dispatch('audit.status', undefined);
    expect(status.ok && (status.value as { backlog: number }).backlog).toBeGreaterThanOrEqual(2); // the record + the logout
  });

  it('answers bad_request to anything outside the contract and stops answering after close', async () => {
    const core = await openDesk(env.tempDir(), 'WS-DC-BAD-IPC');
    expect(await core.dispatch('session.login', { operatorId: 'A1001' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(await core.dispatch('kb.lookup', { q: 'x' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    await core.close();
    expect(await core.dispatch('session.info', undefined)).toEqual({ ok: false, error: { code: 'internal' } });
  });
});
