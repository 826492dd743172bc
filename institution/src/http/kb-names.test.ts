import { beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../contract/api.ts';
import { KbVersion, KbVersionHistory } from '../../contract/kb-api.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** Authors' and publishers' display names on an article and its history (over real HTTPS, demo seed). */
describe('knowledge base: who wrote and published, by name', () => {
  const env = useTestInstitution({}, { admin: true, signIn: ['agent'] });
  beforeAll(async () => {
    const json = { id: 'ADM02', displayName: '刘洋', password: 'Author#2026', roles: ['admin'], team: null };
    expect((await env.institution.client.request('POST', `${API_PREFIX}/admin/operators`, { token: env.admin, json })).status).toBe(201);
  });

  const post = (path: string, token: string, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const get = (path: string, token: string) => env.institution.client.request('GET', `${API_PREFIX}${path}`, { token });

  it('names the publisher to readers and every author and publisher in the history', async () => {
    const second = (await env.institution.consoleLogin('ADM02', 'Author#2026')).accessToken;
    const v1 = KbVersion.parse((await post('/kb/articles', env.admin, { spaceId: 'service', title: '来电转接规范', body: '先说明原因再转接。', mandatory: false })).json);
    expect(v1.authorName).toBe('陈静');
    const v2 = KbVersion.parse((await post(`/kb/articles/${v1.articleId}/versions`, second, { baseVersion: 1, title: '来电转接规范', body: '先说明原因，再转接。', mandatory: false })).json);
    expect((await post(`/kb/articles/${v1.articleId}/publish`, env.admin, { version: v2.version })).status).toBe(200);

    const read = KbVersion.parse((await get(`/kb/articles/${v1.articleId}`, env.agent)).json);
    expect([read.publishedBy, read.publishedByName]).toEqual(['ADM01', '陈静']);
    const history = KbVersionHistory.parse((await get(`/kb/articles/${v1.articleId}/versions`, env.admin)).json).versions;
    expect(history.map((v) => [v.version, v.authorName, v.publishedByName ?? null])).toEqual([
      [2, '刘洋', '陈静'],
      [1, '陈静', null],
    ]);
  });
});
