import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, MeResponse, PushEvent } from '../../contract/api.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** The softphone's policy fields (auto-answer, dial plan) through the admin endpoint, the push and /me. */
describe('policy.autoAnswer and policy.dialPlan', () => {
  const env = useTestInstitution({}, { admin: true });
  const put = (json: unknown) => env.institution.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: env.admin, json });

  it('are set by the admin, pushed to open streams and handed to a signed-in operator', async () => {
    const agent = (await env.institution.login('A1001', 'Agent#2026')).accessToken;
    const stream = await env.institution.events(agent);
    await stream.next();
    const plan = { allowed: ['95588', '1[3-9]XXXXXXXXX', '0[1-9]X{8,10}'] };
    const response = await put({ autoAnswer: { enabled: true, delaySeconds: 3 }, dialPlan: plan });
    expect(response.status).toBe(200);
    const policy = { idleLockSeconds: 300, watermark: true, autoAnswer: { enabled: true, delaySeconds: 3 }, dialPlan: plan };
    expect(response.json).toEqual(policy);
    expect(PushEvent.parse(JSON.parse((await stream.next()).data))).toEqual({ type: 'policy', policy });
    stream.close();
    const me = MeResponse.parse((await env.institution.client.request('GET', `${API_PREFIX}/me`, { token: agent })).json);
    expect(me.policy).toEqual(policy);
  });

  it('refuse hostile or malformed patterns and out-of-range delays with bad_request, keeping the policy', async () => {
    for (const json of [
      { dialPlan: { allowed: ['(a+)+$'] } },
      { dialPlan: { allowed: ['.*'] } },
      { dialPlan: { allowed: ['X{1,99}'] } },
      { dialPlan: { allowed: ['X{20}X'] } },
      { dialPlan: { allowed: Array(33).fill('95588') } },
      { dialPlan: { allowed: '95588' } },
      { dialPlan: { allowed: ['95588'], regex: '.*' } },
      { autoAnswer: { enabled: true, delaySeconds: 31 } },
      { autoAnswer: { enabled: true, delaySeconds: -1 } },
      { autoAnswer: { enabled: 'yes', delaySeconds: 1 } },
      { autoAnswer: { enabled: true } },
    ]) {
      const response = await put(json);
      expect({ json, status: response.status, code: ApiError.safeParse(response.json).data?.error.code }).toEqual({ json, status: 400, code: 'bad_request' });
    }
    const me = MeResponse.parse((await env.institution.client.request('GET', `${API_PREFIX}/me`, { token: env.admin })).json);
    expect(me.policy.dialPlan?.allowed).toEqual(['95588', '1[3-9]XXXXXXXXX', '0[1-9]X{8,10}']);
  });
});
