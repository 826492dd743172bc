import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, ServerEventPage } from '../../contract/api.ts';
import { UpdateCheckResponse } from '../../contract/update-api.ts';
import { TEST_WORKSTATION_ID } from '../testing/harness.ts';
import { useTestInstitution } from '../testing/hooks.ts';

const PER_WORKSTATION_BURST = 3;
const PER_SOURCE_BURST = 8;
const body = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
const sha512 = createHash('sha512').update(body).digest('hex');

/**
 * `GET /updates/check` is public: throttled per source address and per workstation id (token
 * buckets on the injected clock), so nobody can flood it or fill a real workstation's record
 * with `update-checked`; `HEAD /updates/artifacts/…` answers like GET without the body.
 * Real HTTPS, real SQLite.
 */
describe('update checks are throttled; artifacts answer HEAD', () => {
  const env = useTestInstitution(
    { updateCheckRateLimit: { perSource: { burst: PER_SOURCE_BURST, refillPerMinute: 6 }, perWorkstation: { burst: PER_WORKSTATION_BURST, refillPerMinute: 1 } } },
    { admin: true },
  );
  const check = (workstationId: string) => env.institution.client.request('GET', `${API_PREFIX}/updates/check?workstationId=${workstationId}&version=0.1.0&platform=linux-x64&channel=stable`);
  const checkedRecords = async (): Promise<number> => {
    const page = ServerEventPage.parse((await env.institution.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${TEST_WORKSTATION_ID}/server-events?limit=500`, { token: env.admin })).json);
    return page.events.filter((e) => e.type === 'update-checked').length;
  };

  it('per workstation: a burst, then 429 with Retry-After and no update-checked record; the bucket refills with time', async () => {
    const before = await checkedRecords();
    for (let i = 0; i < PER_WORKSTATION_BURST; i += 1) {
      const ok = await check(TEST_WORKSTATION_ID);
      expect(ok.status, ok.text).toBe(200);
      expect(UpdateCheckResponse.parse(ok.json).status).toBe('none');
    }
    const refused = await check(TEST_WORKSTATION_ID);
    expect(refused.status).toBe(429);
    const error = ApiError.parse(refused.json).error;
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(60);
    expect(refused.headers['retry-after']).toBe('60');
    // Refused checks leave no trace in the workstation's record: only the allowed ones do.
    expect(await checkedRecords()).toBe(before + PER_WORKSTATION_BURST);
    // Another workstation is not held back by this one's bucket.
    expect((await check('WS-OTHER-1')).status).toBe(200);
    env.institution.clock.advance(60_000);
    expect((await check(TEST_WORKSTATION_ID)).status).toBe(200);
    expect((await check(TEST_WORKSTATION_ID)).status).toBe(429);
  });

  it('per source: many workstation ids from one address still run out, bounded by the address', async () => {
    env.institution.clock.advance(10 * 60_000);
    const answers: number[] = [];
    for (let i = 0; i < PER_SOURCE_BURST + 2; i += 1) answers.push((await check(`WS-FLOOD-${i}`)).status);
    expect(answers.slice(0, PER_SOURCE_BURST).every((s) => s === 200)).toBe(true);
    expect(answers.slice(PER_SOURCE_BURST)).toEqual([429, 429]);
    const refused = await check(TEST_WORKSTATION_ID);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    // A malformed query is refused by the address bucket first, so it cannot be used to probe either.
    expect((await env.institution.client.request('GET', `${API_PREFIX}/updates/check?workstationId=%00`)).status).toBe(429);
  });

  it('HEAD on an artifact: the same status and headers as GET, no body; ranges and 404 too', async () => {
    const stored = await env.institution.client.request('PUT', `${API_PREFIX}/admin/updates/artifacts/${sha512}`, { token: env.admin, body, headers: { 'content-type': 'application/octet-stream' } });
    expect(stored.status).toBe(201);
    const path = `${API_PREFIX}/updates/artifacts/${sha512}`;
    const get = await env.institution.client.request('GET', path);
    const head = await env.institution.client.request('HEAD', path);
    expect(get.status).toBe(200);
    expect(get.bytes.equals(body)).toBe(true);
    expect(head.status).toBe(200);
    expect(head.bytes.length).toBe(0);
    for (const name of ['content-length', 'content-type', 'accept-ranges', 'etag']) expect(head.headers[name], name).toBe(get.headers[name]);
    expect(head.headers['content-length']).toBe(String(body.length));

    const ranged = await env.institution.client.request('HEAD', path, { headers: { range: 'bytes=1000-' } });
    expect([ranged.status, ranged.headers['content-range'], ranged.headers['content-length'], ranged.bytes.length]).toEqual([206, `bytes 1000-2999/${body.length}`, '2000', 0]);
    const past = await env.institution.client.request('HEAD', path, { headers: { range: 'bytes=5000-6000' } });
    expect([past.status, past.headers['content-range']]).toEqual([416, `bytes */${body.length}`]);
    expect((await env.institution.client.request('HEAD', `${API_PREFIX}/updates/artifacts/${'0'.repeat(128)}`)).status).toBe(404);
  });
});
