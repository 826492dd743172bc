import { describe, expect, it } from 'vitest';
import { mintSipCredentials as referenceMint } from '../../e2e/lab/credentials.ts';
import { AgentStatesResponse } from '../../institution/contract/api.ts';
import type { SipCredentials } from '../contract/channels.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually, openTestDesk, startTestInstitution, untilEnrolled, signIn } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * The phone's channels through the whole core against the real institution: credentials
 * minted there with the secret it shares with the SBCs, joined with the signed profile's
 * SBCs; agent states forwarded and recorded in the audit chain; the code lists. All of it
 * also works under the lock screen, where the call bar lives.
 */
const SECRET = 'ZGVzay1jb3JlLXBob25lLXNlY3JldA';
const DOMAIN = 'sip.demo-bank.test';
const TTL = 300;
const SBCS = [
  { url: 'wss://sbc-b.bank.test/ws', weight: 10 },
  { url: 'wss://sbc-a.bank.test/ws', weight: 50 },
];
const env = useTestInstitution({ sipSecret: SECRET, sipDomain: DOMAIN, sipCredentialTtlSeconds: TTL, sipWss: SBCS }, { admin: true, relay: true });

let wsCounter = 0;
async function signedIn(operatorId = 'A1001', password = 'Agent#2026'): Promise<{ core: DeskCore; ws: string }> {
  const ws = `WS-PHONE-${++wsCounter}`;
  const core = await env.openDesk({ workstationId: ws, register: true, deliveryBackoff: { initialMs: 50, maxMs: 200 }, log: () => undefined });
  await untilEnrolled(core);
  await signIn(core, operatorId, password);
  return { core, ws };
}

const value = <T>(result: { ok: boolean; value?: unknown; error?: unknown }): T => {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result.value as T;
};
const states = async () => AgentStatesResponse.parse((await env.institution.call('GET', '/admin/phone/states', { token: env.admin })).body).states;
const delivered = (ws: string, type: string, count: number) =>
  eventually(() => {
    const events = env.institution.storedEvents(ws).filter((e) => e.type === type);
    return events.length >= count ? events : undefined;
  }, `${count} ${type} delivered`);

describe('phone.* channels (real institution server)', () => {
  it("hands the institution's credentials, exactly as auth_ephemeral checks them, with the profile's SBCs highest weight first", async () => {
    const { core, ws } = await signedIn();
    const credentials = value<SipCredentials>(await core.dispatch('phone.credentials', undefined));
    const expiry = Number(credentials.username.split(':')[0]);
    const reference = referenceMint(SECRET, 'A1001', TTL, (expiry - TTL) * 1000);
    expect(credentials).toEqual({
      username: reference.username,
      password: reference.password,
      expiresAt: expiry * 1000,
      uri: `sip:A1001@${DOMAIN}`,
      servers: [SBCS[1], SBCS[0]],
    });
    // The chain records the issuance with its expiry; the password goes nowhere but the answer.
    const [issued] = await delivered(ws, 'phone.credentials-issued', 1);
    expect(issued?.data).toEqual({ expiresAt: credentials.expiresAt });
    expect(JSON.stringify(env.institution.storedEvents(ws))).not.toContain(credentials.password);
  });

  it('forwards every agent state to the institution and appends it to the chain (state, reason, call id only)', async () => {
    const { core, ws } = await signedIn();
    const reports = [
      { state: 'ready', reasonCode: null, callId: null },
      { state: 'on-call', reasonCode: null, callId: 'c0ffee42@desk' },
      { state: 'not-ready', reasonCode: 'training', callId: null },
    ] as const;
    for (const report of reports) expect(await core.dispatch('phone.report-state', report)).toEqual({ ok: true, value: null });
    expect((await states()).find((s) => s.operatorId === 'A1001')).toMatchObject({ state: 'not-ready', reasonCode: 'training', callId: null, workstationId: ws });
    const recorded = await delivered(ws, 'phone.state', 3);
    expect(recorded.map((e) => [e.actor, e.data])).toEqual(reports.map((r) => ['A1001', { ...r, reported: true }]));
  });

  it("refuses a reason the institution does not know, and records nothing for it", async () => {
    const { core, ws } = await signedIn();
    expect(await core.dispatch('phone.report-state', { state: 'not-ready', reasonCode: 'nap', callId: null })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(await core.dispatch('phone.report-state', { state: 'ready', reasonCode: null, callId: null })).toEqual({ ok: true, value: null });
    const recorded = await delivered(ws, 'phone.state', 1);
    expect(recorded.map((e) => e.data['state'])).toEqual(['ready']);
  });

  it('keeps working under the lock screen: credentials, state reports and codes (the call bar)', async () => {
    const { core } = await signedIn('S2001', 'Super#2026');
    expect(value<{ status: string }>(await core.dispatch('session.lock', undefined)).status).toBe('locked');
    expect(value<SipCredentials>(await core.dispatch('phone.credentials', undefined)).uri).toBe(`sip:S2001@${DOMAIN}`);
    expect(await core.dispatch('phone.report-state', { state: 'ringing', reasonCode: null, callId: 'ring-1@desk' })).toEqual({ ok: true, value: null });
    expect(value<{ wrapUpSeconds: number }>(await core.dispatch('phone.codes', undefined)).wrapUpSeconds).toBe(30);
    expect((await states()).find((s) => s.operatorId === 'S2001')).toMatchObject({ state: 'ringing', callId: 'ring-1@desk' });
    // The workspace's own data stays behind the lock.
    await expect(core.session.withAccessToken(async () => 'workspace')).rejects.toMatchObject({ code: 'session_locked' });
  });

  it('records a state the institution could not hear of as not reported, and says the institution is unreachable', async () => {
    const { core, ws } = await signedIn();
    env.relay.forwardTo(null);
    expect(await core.dispatch('phone.report-state', { state: 'ready', reasonCode: null, callId: null })).toEqual({ ok: false, error: { code: 'institution_unreachable' } });
    env.relay.forwardTo(env.institution.server.url);
    const [recorded] = await delivered(ws, 'phone.state', 1);
    expect(recorded?.data).toEqual({ state: 'ready', reasonCode: null, callId: null, reported: false });
  });

  it("serves the institution's code lists in both languages, to the next operator too", async () => {
    const { core } = await signedIn();
    const codes = value<{ notReadyReasons: { code: string; label: Record<string, string> }[]; dispositions: { code: string }[] }>(await core.dispatch('phone.codes', undefined));
    expect(codes.notReadyReasons.map((r) => r.label['zh-CN'])).toEqual(['小休', '培训', '会议', '用餐', '事后处理', '未接来电']);
    expect(codes.dispositions.map((d) => d.code)).toContain('invalid-call');
    await core.dispatch('session.logout', undefined);
    expect(await core.dispatch('phone.codes', undefined)).toEqual({ ok: false, error: { code: 'not_logged_in' } });
    expect(value(await core.dispatch('session.login', { operatorId: 'S2001', password: 'Super#2026' }))).toMatchObject({ status: 'active' });
    expect(value(await core.dispatch('phone.codes', undefined))).toEqual(codes);
  });

  it('refuses an operator without calls.handle before asking the institution', async () => {
    const { core } = await signedIn('QA01', 'Quality#2026');
    for (const channel of ['phone.credentials', 'phone.codes']) expect(await core.dispatch(channel, undefined)).toEqual({ ok: false, error: { code: 'permission_denied' } });
  });

  it('says phone_not_configured when the institution issues no SIP credentials though the profile names an SBC', async () => {
    const bare = await startTestInstitution({ sipWss: SBCS });
    env.cleanups.push(() => bare.close());
    const core = await openTestDesk(bare, env.cleanups, { workstationId: 'WS-PHONE-BARE', register: true, log: () => undefined });
    await eventually(async () => ((await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' })).ok ? true : undefined), 'signed in');
    expect(await core.dispatch('phone.credentials', undefined)).toEqual({ ok: false, error: { code: 'phone_not_configured' } });
  });
});

describe('activity.hold from the phone (real core)', () => {
  it('an OS lock keeps the hold; a gone renderer and a logout release every hold; each take and release is in the chain', async () => {
    const { core, ws } = await signedIn();
    const first = value<{ holdId: string }>(await core.dispatch('activity.hold', { reason: 'call' }));
    expect(core.idle.holds()).toEqual(['renderer:call']);
    core.lockNow('os-lock');
    expect(value<{ session: unknown }>(await core.dispatch('session.info', undefined)).session).toMatchObject({ status: 'locked' });
    expect(core.idle.holds()).toEqual(['renderer:call']);
    expect(value(await core.dispatch('session.unlock', { password: 'Agent#2026' }))).toMatchObject({ status: 'active' });
    expect(core.idle.holds()).toEqual(['renderer:call']);
    core.lockNow('renderer-gone');
    expect(core.idle.holds()).toEqual([]);
    expect(await core.dispatch('activity.release', first)).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(value(await core.dispatch('session.unlock', { password: 'Agent#2026' }))).toMatchObject({ status: 'active' });
    value(await core.dispatch('activity.hold', { reason: 'call' }));
    await core.dispatch('session.logout', undefined);
    expect(core.idle.holds()).toEqual([]);
    const released = await delivered(ws, 'activity.released', 2);
    expect(released.map((e) => [e.actor, e.data['reason'], e.data['cause']])).toEqual([
      ['A1001', 'call', 'renderer-gone'],
      ['A1001', 'call', 'session-ended'],
    ]);
    expect((await delivered(ws, 'activity.hold', 2)).map((e) => e.data)).toEqual([
      { reason: 'call', holdId: first.holdId },
      expect.objectContaining({ reason: 'call' }),
    ]);
  });
});
