import { describe, expect, it } from 'vitest';
import type { DeskInfo } from '../contract/channels.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * Start-up enrollment through the whole core: the institution's signed profile names a
 * relay on 127.0.0.1, so the test can take the network away and give it back while the
 * core enrolls with the code IT provisioned.
 */
const env = useTestInstitution({}, { admin: true, relay: true });

const openDesk = (workstationId: string, enrollmentCode?: string): Promise<DeskCore> =>
  env.openDesk({ workstationId, enrollmentCode, deliveryBackoff: { initialMs: 50, maxMs: 200 }, reachabilityIntervalMs: 100, log: () => undefined });

async function info(core: DeskCore): Promise<DeskInfo> {
  const res = await core.dispatch('session.info', undefined);
  if (!res.ok) throw new Error(`session.info failed: ${res.error.code}`);
  return res.value as DeskInfo;
}

async function backlog(core: DeskCore): Promise<number> {
  const res = await core.dispatch('audit.status', undefined);
  return res.ok ? (res.value as { backlog: number }).backlog : -1;
}

const auditView = (workstationId: string) => env.institution.auditView(workstationId, env.admin);
const institutionEvents = (workstationId: string) => env.institution.storedEvents(workstationId);

describe('desk core enrollment at start-up (real institution server)', () => {
  it('a login right after start waits for the enrollment and works', async () => {
    const core = await openDesk('WS-DE-QUICK', await env.institution.register('WS-DE-QUICK'));
    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect((await info(core)).enrollment).toBe('enrolled');
  });

  it('keeps audit events queued while not enrolled and delivers them, in one chain, once enrolled', async () => {
    const ws = 'WS-DE-OUTAGE';
    const code = await env.institution.register(ws);
    env.relay.forwardTo(null);
    const core = await openDesk(ws, code);
    expect((await info(core)).enrollment).toBe('pending');
    expect(await core.dispatch('audit.record', { action: 'area-opened', detail: 'before-enrollment' })).toEqual({ ok: true, value: null });
    core.recordSecurity({ kind: 'request-blocked', url: 'https://exfil.example/upload', detail: 'host' });
    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toEqual({ ok: false, error: { code: 'institution_unreachable' } });
    expect((await info(core)).enrollment).toBe('pending');
    expect(await backlog(core)).toBe(3);
    expect(await auditView(ws)).toBeNull(); // the institution does not know the workstation yet

    env.relay.forwardTo(env.institution.server.url);
    await eventually(async () => ((await info(core)).enrollment === 'enrolled' ? true : undefined), 'enrolled once the network is back');
    await eventually(async () => ((await backlog(core)) === 0 ? true : undefined), 'backlog delivered after enrollment');
    const delivered = institutionEvents(ws);
    expect(delivered.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(delivered.map((e) => e.type)).toEqual(['ui.area-opened', 'security.request-blocked', 'session.login-failed']);
    expect((await auditView(ws))?.flags).toEqual([]);

    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toMatchObject({ ok: true });
    await eventually(() => (institutionEvents(ws).some((e) => e.type === 'session.login') ? true : undefined), 'login audited at the institution');
  });

  it.each([
    ['never registered, no code', 'WS-DE-NEVER', async () => undefined],
    ['another workstation’s code', 'WS-DE-WRONG', async () => env.institution.register('WS-DE-OTHER')],
  ])('%s: refused, login answers workstation_not_enrolled, nothing is delivered', async (_label, ws, code) => {
    const core = await openDesk(ws, await code());
    await eventually(async () => ((await info(core)).enrollment === 'refused' ? true : undefined), 'refused');
    expect(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).toEqual({ ok: false, error: { code: 'workstation_not_enrolled' } });
    expect(await core.dispatch('session.info', undefined)).toMatchObject({ ok: true, value: { enrollment: 'refused', session: { status: 'logged-out' } } });
    expect(await backlog(core)).toBe(1); // the refused login, kept for when IT has fixed the enrollment
    expect(await auditView(ws)).toBeNull();
  });

  it('before sign-in the connection state is the institution’s reachability', async () => {
    const core = await openDesk('WS-DE-REACH', await env.institution.register('WS-DE-REACH'));
    const connection = async () => (await info(core)).connection;
    await eventually(async () => ((await connection()) === 'online' ? true : undefined), 'online before anyone signs in');
    env.relay.forwardTo(null);
    await eventually(async () => ((await connection()) === 'offline' ? true : undefined), 'offline once the institution is unreachable');
    env.relay.forwardTo(env.institution.server.url);
    await eventually(async () => ((await connection()) === 'online' ? true : undefined), 'online again');
  });

  it('refuses to start with a malformed enrollment code, naming the field only', async () => {
    const secret = 'not-a-code-but-secret';
    const err = await openDesk('WS-DE-MALFORMED', secret).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toContain('enrollmentCode');
    expect((err as Error).message).not.toContain(secret);
  });
});
