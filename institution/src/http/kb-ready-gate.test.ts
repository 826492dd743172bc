import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { KbAuthorArticlesResponse, KbMandatoryResponse, KbUnreadResponse, KbVersion } from '../../contract/kb-api.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** The institution's Ready gate (mandatory reads) and the authors' article list, over real HTTPS. */
describe('mandatory reads gate Ready; authors list a space', () => {
  const env = useTestInstitution({}, { admin: true, signIn: ['agent', 'supervisor'] });

  const call = (method: string, path: string, token: string, json?: unknown) => env.institution.client.request(method, `${API_PREFIX}${path}`, { token, json });
  const report = (token: string, state: 'ready' | 'not-ready') => call('PUT', '/phone/state', token, { state, reasonCode: state === 'ready' ? null : 'meal', callId: null });
  const expectError = (response: { status: number; json: unknown }, status: number, code: string): void => {
    expect(response.status, JSON.stringify(response.json)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const publishNew = async (spaceId: string, title: string, mandatory: boolean): Promise<KbVersion> => {
    const draft = KbVersion.parse((await call('POST', '/kb/articles', env.admin, { spaceId, title, body: '正文', mandatory })).json);
    return KbVersion.parse((await call('POST', `/kb/articles/${draft.articleId}/publish`, env.admin, { version: draft.version })).json);
  };

  it('starts with empty queues: the seed’s operators read the seeded mandatory articles', async () => {
    expect(KbMandatoryResponse.parse((await call('GET', '/kb/mandatory', env.agent)).json).pending).toEqual([]);
    expect((await report(env.agent, 'ready')).status).toBe(204);
  });

  it('refuses ready (409 kb_mandatory_pending) until each mandatory version is acknowledged; other states pass', async () => {
    const article = await publishNew('credit-card', '新版挂失须知', true);
    await publishNew('credit-card', '不必读的说明', false);
    expectError(await report(env.agent, 'ready'), 409, 'kb_mandatory_pending');
    expectError(await report(env.supervisor, 'ready'), 409, 'kb_mandatory_pending');
    expect((await report(env.agent, 'not-ready')).status).toBe(204);
    // The refused report changed nothing: the institution still has the last accepted state.
    const states = (await call('GET', '/admin/phone/states', env.admin)).json as { states: { operatorId: string; state: string }[] };
    expect(states.states.find((s) => s.operatorId === 'A1001')?.state).toBe('not-ready');

    expect((await call('POST', `/kb/articles/${article.articleId}/acknowledge`, env.agent, { version: article.version })).status).toBe(204);
    expect((await report(env.agent, 'ready')).status).toBe(204);
    // Acknowledgements are per operator: the supervisor still has to read it.
    expectError(await report(env.supervisor, 'ready'), 409, 'kb_mandatory_pending');
    const unread = KbUnreadResponse.parse((await call('GET', `/kb/articles/${article.articleId}/unread`, env.admin)).json);
    expect(unread.operators.map((o) => o.id)).not.toContain('A1001');
    expect(unread.operators.map((o) => o.id)).toContain('S2001');
  });

  it('a mandatory article in a space the agent cannot read does not hold the agent', async () => {
    await publishNew('claims', '理赔新规', true);
    expect((await report(env.agent, 'ready')).status).toBe(204);
  });

  it('lists a space for authors with drafts and the published version; readers 403, unknown space 404', async () => {
    const published = await publishNew('wealth', '理财风险提示', false);
    const draft = KbVersion.parse((await call('POST', `/kb/articles/${published.articleId}/versions`, env.admin, { baseVersion: published.version, title: '理财风险提示（修订）', body: '新正文', mandatory: true })).json);
    const listed = KbAuthorArticlesResponse.parse((await call('GET', '/kb/spaces/wealth/articles', env.admin)).json).articles;
    expect(listed[0]).toMatchObject({ articleId: published.articleId, title: '理财风险提示（修订）', latestVersion: draft.version, latestStatus: 'draft', publishedVersion: published.version, mandatory: true });
    expect(listed.every((a) => a.spaceId === 'wealth')).toBe(true);
    expectError(await call('GET', '/kb/spaces/wealth/articles', env.agent), 403, 'forbidden');
    expectError(await call('GET', '/kb/spaces/no-such/articles', env.admin), 404, 'not_found');
    expectError(await call('GET', '/kb/spaces/BAD!/articles', env.admin), 404, 'not_found');
  });
});
