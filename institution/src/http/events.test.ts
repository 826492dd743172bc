import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, PushEvent } from '../../contract/api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import type { SseMessage } from '../testing/sse-client.ts';

const eventOf = (message: SseMessage): PushEvent => PushEvent.parse(JSON.parse(message.data));

describe('server push (SSE)', () => {
  let t: TestInstitution;
  let adminToken: string;
  beforeAll(async () => {
    t = await startTestInstitution({ sseHeartbeatMs: 50 });
    adminToken = (await t.login('ADM01', 'Admin#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const putPolicy = (json: unknown) => t.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: adminToken, json });

  it('needs a valid bearer token', async () => {
    const response = await t.client.request('GET', `${API_PREFIX}/events`, { token: 'x'.repeat(43) });
    expect(response.status).toBe(401);
    expect(ApiError.parse(response.json).error.code).toBe('unauthorized');
  });

  it('sends the current policy on connect, with an id, then heartbeats', async () => {
    const { accessToken } = await t.login('A1001', 'Agent#2026');
    const stream = await t.events(accessToken);
    expect(stream.status).toBe(200);
    const first = await stream.next();
    expect(first.id).toMatch(/^[0-9a-f]{8}-\d+$/);
    expect(eventOf(first)).toEqual({ type: 'policy', policy: { idleLockSeconds: 300, watermark: true } });
    expect(await stream.nextComment()).toBe('heartbeat');
    stream.close();
  });

  it('PUT policy reaches every open stream immediately', async () => {
    const agent = await t.login('A1001', 'Agent#2026');
    const supervisor = await t.login('S2001', 'Super#2026');
    const streams = [await t.events(agent.accessToken), await t.events(supervisor.accessToken)];
    for (const stream of streams) await stream.next();
    const put = await putPolicy({ idleLockSeconds: 120 });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ idleLockSeconds: 120, watermark: true });
    for (const stream of streams) {
      expect(eventOf(await stream.next())).toEqual({ type: 'policy', policy: { idleLockSeconds: 120, watermark: true } });
      stream.close();
    }
  });

  it('resumes with Last-Event-ID: replays what was missed, then the current policy', async () => {
    const { accessToken } = await t.login('A1001', 'Agent#2026');
    const stream = await t.events(accessToken);
    const seen = await stream.next();
    stream.close();
    await stream.ended();
    await putPolicy({ idleLockSeconds: 90 });
    await putPolicy({ watermark: false });

    const resumed = await t.events(accessToken, seen.id);
    const replayed = [eventOf(await resumed.next()), eventOf(await resumed.next()), eventOf(await resumed.next())];
    expect(replayed).toEqual([
      { type: 'policy', policy: { idleLockSeconds: 90, watermark: true } },
      { type: 'policy', policy: { idleLockSeconds: 90, watermark: false } },
      { type: 'policy', policy: { idleLockSeconds: 90, watermark: false } },
    ]);
    resumed.close();

    // Without Last-Event-ID only the current state arrives.
    const fresh = await t.events(accessToken);
    expect(eventOf(await fresh.next())).toEqual({ type: 'policy', policy: { idleLockSeconds: 90, watermark: false } });
    await expect(fresh.next(300)).rejects.toThrow(/no event/);
    fresh.close();
    await putPolicy({ idleLockSeconds: 300, watermark: true });
  });

  it('admin disable: the operator\'s stream gets session-revoked and closes; the token stops working', async () => {
    const admin = t.client;
    const created = await admin.request('POST', `${API_PREFIX}/admin/operators`, {
      token: adminToken,
      json: { id: 'TMP-SSE', displayName: '临时', password: 'Temp#2026x', roles: ['agent'], team: 'team-1' },
    });
    expect(created.status).toBe(201);
    const victim = await t.login('TMP-SSE', 'Temp#2026x');
    const bystander = await t.login('A1001', 'Agent#2026');
    const stream = await t.events(victim.accessToken);
    const other = await t.events(bystander.accessToken);
    await stream.next();
    await other.next();

    const patch = await admin.request('PATCH', `${API_PREFIX}/admin/operators/TMP-SSE`, { token: adminToken, json: { disabled: true } });
    expect(patch.status).toBe(200);
    expect(patch.json).toMatchObject({ id: 'TMP-SSE', disabled: true });

    expect(eventOf(await stream.next())).toEqual({ type: 'session-revoked', reason: 'operator-disabled' });
    await stream.ended();
    expect((await admin.request('GET', `${API_PREFIX}/me`, { token: victim.accessToken })).status).toBe(401);
    expect((await admin.request('POST', `${API_PREFIX}/auth/refresh`, { json: { refreshToken: victim.refreshToken } })).status).toBe(401);
    // Another operator's stream saw nothing of it.
    await expect(other.next(300)).rejects.toThrow(/no event/);
    other.close();

    // Re-enabling lets the operator log in again.
    await admin.request('PATCH', `${API_PREFIX}/admin/operators/TMP-SSE`, { token: adminToken, json: { disabled: false } });
    expect((await t.login('TMP-SSE', 'Temp#2026x')).operator.disabled).toBe(false);
  });

  it('logout closes that session\'s stream with session-revoked', async () => {
    const { accessToken } = await t.login('A1001', 'Agent#2026');
    const stream = await t.events(accessToken);
    await stream.next();
    await t.client.request('POST', `${API_PREFIX}/auth/logout`, { token: accessToken });
    expect(eventOf(await stream.next())).toEqual({ type: 'session-revoked', reason: 'logged-out-remotely' });
    await stream.ended();
  });
});
