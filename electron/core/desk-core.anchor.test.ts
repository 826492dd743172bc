import { describe, expect, it } from 'vitest';
import { ServerEventPage } from '../../institution/contract/api.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * desk-core wires the workstation key into the institution client (proof on login, the
 * chain head on session calls) and runs the anchor heartbeat once the workstation is
 * enrolled. Checked from the institution's side, where the auditors look.
 */
const env = useTestInstitution({}, { admin: true });

const openDesk = (workstationId: string): Promise<DeskCore> =>
  env.openDesk({
    workstationId,
    register: true,
    deliveryBackoff: { initialMs: 200, maxMs: 1_000 },
    // Short, so the test sees several beats; production uses the 60 s default.
    anchorIntervalMs: 100,
  });

describe('desk core: workstation proof and anchoring, as the institution sees them', () => {
  it('signs in with its key (the institution logs the login), anchors its chain head and delivers the session.login event', async () => {
    const id = 'WS-DESK-ANCHOR-1';
    const core = await openDesk(id);
    await eventually(async () => ((await env.institution.call('POST', '/auth/challenge', { body: { workstationId: id } })).status === 200 ? true : undefined), 'enrollment');
    const login = await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' });
    expect(login).toMatchObject({ ok: true, value: { status: 'active' } });

    const log = ServerEventPage.parse((await env.institution.call('GET', `/admin/audit/workstations/${id}/server-events`, { token: env.admin })).body);
    expect(log.events.map((e) => [e.type, e.operatorId])).toContainEqual(['login', 'A1001']);
    // The login is audited on the workstation too (session.login); the anchored head reaches it.
    const view = await eventually(async () => {
      const v = await env.institution.auditView(id, env.admin);
      return v !== null && v.anchoredSeq >= 1 ? v : undefined;
    }, 'an anchored head');
    expect(view.flags).toEqual([]);
    const delivered = await eventually(() => {
      const events = env.institution.storedEvents(id);
      return events.some((e) => e.type === 'session.login') ? events : undefined;
    }, 'the session.login event');
    expect(delivered.find((e) => e.type === 'session.login')?.actor).toBe('A1001');
  });
});
