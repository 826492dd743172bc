import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, PushEvent } from '../../contract/api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import type { SseMessage, SseStream } from '../testing/sse-client.ts';

const eventOf = (message: SseMessage): PushEvent => PushEvent.parse(JSON.parse(message.data));
const PER_SESSION = 2;
const PER_SOURCE = 4;

/**
 * Event streams hold a socket each for as long as they last, so they are capped: per
 * session (the oldest is closed with a typed `stream-closed` event, the session stays
 * valid) and per source address (refused up front with 429 `rate_limited`).
 */
describe('event stream caps', () => {
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution({ maxStreamsPerSession: PER_SESSION, maxStreamsPerSource: PER_SOURCE, sseHeartbeatMs: 60_000 });
  });
  afterAll(async () => {
    await t.close();
  });

  async function opened(token: string): Promise<SseStream> {
    const stream = await t.events(token);
    expect(stream.status).toBe(200);
    expect(eventOf(await stream.next()).type).toBe('policy');
    return stream;
  }

  it('a session opening one stream too many gets its oldest closed with stream-closed, and stays signed in', async () => {
    const { accessToken } = await t.login('A1001', 'Agent#2026');
    const first = await opened(accessToken);
    const second = await opened(accessToken);
    const third = await opened(accessToken);
    expect(eventOf(await first.next())).toEqual({ type: 'stream-closed', reason: 'stream-limit' });
    await first.ended();
    // The newer ones are untouched and the token still works.
    await t.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken, json: { idleLockSeconds: 301 } });
    for (const stream of [second, third]) expect(eventOf(await stream.next())).toEqual({ type: 'policy', policy: { idleLockSeconds: 301, watermark: true } });
    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: accessToken })).status).toBe(200);
    second.close();
    third.close();
    await second.ended();
    await third.ended();
  });

  it('refuses more open streams from one address than the cap with 429 rate_limited, and admits again once one closes', async () => {
    // A server of its own: the streams of the test above may still be closing on the server side.
    const own = await startTestInstitution({ maxStreamsPerSource: PER_SOURCE, sseHeartbeatMs: 60_000 });
    try {
      await refusesBeyondTheSourceCap(own);
    } finally {
      await own.close();
    }
  });

  async function refusesBeyondTheSourceCap(t: TestInstitution): Promise<void> {
    const opened = async (token: string): Promise<SseStream> => {
      const stream = await t.events(token);
      expect(stream.status).toBe(200);
      expect(eventOf(await stream.next()).type).toBe('policy');
      return stream;
    };
    const streams: SseStream[] = [];
    for (let i = 0; i < PER_SOURCE; i += 1) streams.push(await opened((await t.login('S2001', 'Super#2026')).accessToken));
    const extra = (await t.login('S2001', 'Super#2026')).accessToken;
    const refused = await t.client.request('GET', `${API_PREFIX}/events`, { token: extra });
    expect(refused.status).toBe(429);
    expect(ApiError.parse(refused.json).error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
    expect(refused.headers['retry-after']).toBe('30');

    const leaving = streams.shift() as SseStream;
    leaving.close();
    // The server notices the closed socket on its own schedule: ask again, a bounded number of times.
    let admitted: SseStream | null = null;
    for (let attempt = 0; attempt < 50 && admitted === null; attempt += 1) {
      const probe = await t.client.request('GET', `${API_PREFIX}/me`, { token: extra });
      expect(probe.status).toBe(200);
      const stream = await t.events(extra);
      if (stream.status === 200) admitted = stream;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(admitted).not.toBeNull();
    for (const stream of [...streams, admitted as SseStream]) stream.close();
  }
});
