import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServerEventPage } from '../../institution/contract/api.ts';
import { createDeskCore, type DeskCore } from './desk-core.ts';
import { eventually, startTestInstitution, testMainHandlers, type TestInstitution } from './desk-core.harness.ts';
import { createStaticKeyProvider } from './outbox/crypto.ts';

/**
 * desk-core wires the workstation key into the institution client (proof on login, the
 * chain head on session calls) and runs the anchor heartbeat once the workstation is
 * enrolled. Checked from the institution's side, where the auditors look.
 */
let institution: TestInstitution;
let admin: string;
beforeAll(async () => {
  institution = await startTestInstitution();
  admin = await institution.token('ADM01', 'Admin#2026');
});
afterAll(async () => {
  await institution?.close();
});
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openDesk(workstationId: string): Promise<DeskCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-core-anchor-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const core = await createDeskCore({
    dataDir,
    workstationId,
    enrollmentCode: await institution.register(workstationId),
    signedProfile: (await institution.call('GET', '/site-profile')).body,
    trustedProfileKeys: { [institution.server.profileKeyId]: institution.server.profilePublicKeyPem },
    caPem: institution.server.caCertPem,
    keyProvider: createStaticKeyProvider('desk-core-anchor-test'),
    appOrigin: 'app://desk',
    mainHandlers: testMainHandlers,
    enrollmentBackoff: { initialMs: 50, maxMs: 200 },
    deliveryBackoff: { initialMs: 200, maxMs: 1_000 },
    // Short, so the test sees several beats; production uses the 60 s default.
    anchorIntervalMs: 100,
  });
  cleanups.push(() => core.close());
  return core;
}

describe('desk core: workstation proof and anchoring, as the institution sees them', () => {
  it('signs in with its key (the institution logs the login), anchors its chain head and delivers the session.login event', async () => {
    const id = 'WS-DESK-ANCHOR-1';
    const core = await openDesk(id);
    await eventually(async () => ((await institution.call('POST', '/auth/challenge', { body: { workstationId: id } })).status === 200 ? true : undefined), 'enrollment');
    const login = await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' });
    expect(login).toMatchObject({ ok: true, value: { status: 'active' } });

    const log = ServerEventPage.parse((await institution.call('GET', `/admin/audit/workstations/${id}/server-events`, { token: admin })).body);
    expect(log.events.map((e) => [e.type, e.operatorId])).toContainEqual(['login', 'A1001']);
    // The login is audited on the workstation too (session.login); the anchored head reaches it.
    const view = await eventually(async () => {
      const v = await institution.auditView(id, admin);
      return v !== null && v.anchoredSeq >= 1 ? v : undefined;
    }, 'an anchored head');
    expect(view.flags).toEqual([]);
    const delivered = await eventually(() => {
      const events = institution.storedEvents(id);
      return events.some((e) => e.type === 'session.login') ? events : undefined;
    }, 'the session.login event');
    expect(delivered.find((e) => e.type === 'session.login')?.actor).toBe('A1001');
  });
});
