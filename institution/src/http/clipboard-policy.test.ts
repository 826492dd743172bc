import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, MeResponse, PushEvent } from '../../contract/api.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** The clipboard policy (issue #9) through the admin endpoint, the push and /me. */
describe('policy.clipboard', () => {
  const env = useTestInstitution({}, { admin: true });
  const put = (json: unknown) => env.institution.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: env.admin, json });
  const me = async (token: string) => MeResponse.parse((await env.institution.client.request('GET', `${API_PREFIX}/me`, { token })).json).policy;

  it('is absent by default, then set by the admin, pushed to open streams and handed to a signed-in operator', async () => {
    const agent = (await env.institution.login('A1001', 'Agent#2026')).accessToken;
    expect((await me(agent)).clipboard).toBeUndefined();
    const stream = await env.institution.events(agent);
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
    expect((await me(env.admin)).clipboard).toEqual(kept);
  });
});
