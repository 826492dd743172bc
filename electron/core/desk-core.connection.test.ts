import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState, DeskInfo } from '../contract/channels.ts';
import { createDeskCore, type DeskCore } from './desk-core.ts';
import { eventually, startRelay, startTestInstitution, type Relay, type TestInstitution, testMainHandlers } from './desk-core.harness.ts';
import { createStaticKeyProvider } from './outbox/crypto.ts';

/**
 * The status bar's connection state through the whole core: the institution's signed
 * profile names a relay on 127.0.0.1, so the test takes the network away and gives it
 * back. The health probe runs once at start and then not for ten minutes, so every change
 * seen here comes from a request's own outcome — and is there by the time dispatch
 * answers, exactly when the renderer shows that answer.
 */
const NO_PROBE_MS = 10 * 60_000;
let relay: Relay;
let institution: TestInstitution;
let profile: unknown;

beforeAll(async () => {
  relay = await startRelay();
  institution = await startTestInstitution({ publicUrl: relay.url });
  relay.forwardTo(institution.server.url);
  profile = (await institution.call('GET', '/site-profile')).body;
});
afterAll(async () => {
  await institution?.close();
  await relay?.close();
});

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  relay.forwardTo(institution.server.url);
});

/** An enrolled desk whose first probe has answered; `seen` lists every connection.changed. */
async function openDesk(workstationId: string): Promise<{ core: DeskCore; seen: ConnectionState[]; connection: () => Promise<ConnectionState> }> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-connection-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const core = await createDeskCore({
    dataDir: dir,
    workstationId,
    enrollmentCode: await institution.register(workstationId),
    signedProfile: profile,
    trustedProfileKeys: { [institution.server.profileKeyId]: institution.server.profilePublicKeyPem },
    caPem: institution.server.caCertPem,
    keyProvider: createStaticKeyProvider('desk-connection-test'),
    appOrigin: 'app://desk',
    mainHandlers: testMainHandlers,
    enrollmentBackoff: { initialMs: 50, maxMs: 200 },
    reachabilityIntervalMs: NO_PROBE_MS,
    log: () => undefined,
  });
  cleanups.push(() => core.close());
  const seen: ConnectionState[] = [];
  core.subscribe('connection.changed', (c) => seen.push(c));
  const connection = async () => {
    const res = await core.dispatch('session.info', undefined);
    if (!res.ok) throw new Error(`session.info failed: ${res.error.code}`);
    return (res.value as DeskInfo).connection;
  };
  await eventually(async () => {
    const info = await core.dispatch('session.info', undefined);
    const v = info.ok ? (info.value as DeskInfo) : null;
    return v?.enrollment === 'enrolled' && v.connection === 'online' ? true : undefined;
  }, 'enrolled, and the first probe answered');
  return { core, seen, connection };
}

describe('connection state from request outcomes (real institution behind a relay)', () => {
  it('before sign-in: an unanswered login shows offline at once, an answered one online at once', async () => {
    const { core, seen, connection } = await openDesk('WS-CONN-LOGIN');
    const before = seen.length;

    relay.forwardTo(null);
    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toEqual({
      ok: false,
      error: { code: 'institution_unreachable' },
    });
    expect(seen.slice(before)).toEqual(['offline']);
    expect(await connection()).toBe('offline');

    // Refused or not, an answer proves the institution is there.
    relay.forwardTo(institution.server.url);
    const refused = await core.dispatch('session.login', { operatorId: 'A1001', password: 'not-the-password' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).not.toBe('institution_unreachable');
    expect(seen.slice(before)).toEqual(['offline', 'online']);
    expect(await connection()).toBe('online');
  });

  it('during a session: an unlock that cannot reach the institution shows offline though the push link looks up', async () => {
    const { core, seen, connection } = await openDesk('WS-CONN-UNLOCK');
    const login = await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' });
    expect(login, `core refused the login: ${JSON.stringify(login)}`).toMatchObject({ ok: true, value: { status: 'active' } });
    await eventually(async () => ((await connection()) === 'online' ? true : undefined), 'push channel open');
    expect(await core.dispatch('session.lock', undefined)).toMatchObject({ ok: true, value: { status: 'locked' } });

    // The relay refuses new connections only: the open event stream stays up.
    relay.forwardTo(null);
    const before = seen.length;
    expect(await core.dispatch('session.unlock', { password: 'Agent#2026' })).toEqual({ ok: false, error: { code: 'institution_unreachable' } });
    expect(seen.slice(before)).toEqual(['offline']);

    relay.forwardTo(institution.server.url);
    expect(await core.dispatch('session.unlock', { password: 'Agent#2026' })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(seen.slice(before)).toEqual(['offline', 'online']);
    expect(await core.dispatch('session.logout', undefined)).toMatchObject({ ok: true });
  });
});
