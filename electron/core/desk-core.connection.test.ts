import { describe, expect, it } from 'vitest';
import type { ConnectionState, DeskInfo } from '../contract/channels.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * The status bar's connection state through the whole core: the institution's signed
 * profile names a relay on 127.0.0.1, so the test takes the network away and gives it
 * back. The health probe runs once at start and then not for ten minutes, so every change
 * seen here comes from a request's own outcome — and is there by the time dispatch
 * answers, exactly when the renderer shows that answer.
 */
const NO_PROBE_MS = 10 * 60_000;
const env = useTestInstitution({}, { relay: true });

/** An enrolled desk whose first probe has answered; `seen` lists every connection.changed. */
async function openDesk(workstationId: string): Promise<{ core: DeskCore; seen: ConnectionState[]; connection: () => Promise<ConnectionState> }> {
  const core = await env.openDesk({ workstationId, register: true, reachabilityIntervalMs: NO_PROBE_MS, log: () => undefined });
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

    env.relay.forwardTo(null);
    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toEqual({
      ok: false,
      error: { code: 'institution_unreachable' },
    });
    expect(seen.slice(before)).toEqual(['offline']);
    expect(await connection()).toBe('offline');

    // Refused or not, an answer proves the institution is there.
    env.relay.forwardTo(env.institution.server.url);
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
    env.relay.forwardTo(null, { keepOpen: true });
    const before = seen.length;
    expect(await core.dispatch('session.unlock', { password: 'Agent#2026' })).toEqual({ ok: false, error: { code: 'institution_unreachable' } });
    expect(seen.slice(before)).toEqual(['offline']);

    env.relay.forwardTo(env.institution.server.url);
    expect(await core.dispatch('session.unlock', { password: 'Agent#2026' })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(seen.slice(before)).toEqual(['offline', 'online']);
    expect(await core.dispatch('session.logout', undefined)).toMatchObject({ ok: true });
  });
});
