import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, MeResponse, PushEvent } from '../../contract/api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

/** The clipboard policy (issue #9) through the admin endpoint, the push and /me. */
describe('policy.clipboard', () => {
  let t: TestInstitution;
  let admin: string;
  beforeAll(async () => {
    t = await startTestInstitution();
    admin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });
  const put = (json: unknown) => t.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: admin, json });
  const me = async (token: string) => MeResponse.parse((await t.client.request('GET', `${API_PREFIX}/me`, { token })).json).policy;

  it('is absent by default, then set by the admin, pushed to open streams and handed to a signed-in operator', async () => {
    const agent = (await t.login('A1001', 'Agent#2026')).accessToken;
    expect((await me(agent)).clipboard).toBeUndefined();
    const stream = await t.events(agent);
    await stream.next();
    const clipboard = { copyFromOwnFields: false, pasteIntoFields: false };
    const response = await put({ clipboard });
    expect(response.status).toBe(200);
    expect((response.json as { clipboard?: unknown }).clipboard).toEqual(clipboard);
    const pushed = PushEvent.parse(JSON.parse((await stream.next()).data));
    expect(pushed.type === 'policy' ? pushed.policy.clipboard : null).toEqual(clipboard);
    stream.close();
    expect((await me(agent)).clipboard).toEqual(clipboard);
  });

  it('refuses bad shapes with bad_request and keeps the policy in force', async () => {
    const kept = { copyFromOwnFields: true, pasteIntoFields: false };
    expect((await put({ clipboard: kept })).status).toBe(200);
    for (const clipboard of [
      { copyFromOwnFields: true },
      { pasteIntoFields: false },
      { copyFromOwnFields: 'yes', pasteIntoFields: false },
      { copyFromOwnFields: true, pasteIntoFields: false, copyFromKb: true },
      [true, false],
      null,
      true,
    ]) {
      const response = await put({ clipboard });
      expect({ clipboard, status: response.status, code: ApiError.safeParse(response.json).data?.error.code }).toEqual({ clipboard, status: 400, code: 'bad_request' });
    }
    expect((await me(admin)).clipboard).toEqual(kept);
  });
});
