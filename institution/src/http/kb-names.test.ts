import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../contract/api.ts';
import { KbVersion, KbVersionHistory } from '../../contract/kb-api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

/** Authors' and publishers' display names on an article and its history (over real HTTPS, demo seed). */
describe('knowledge base: who wrote and published, by name', () => {
  let t: TestInstitution;
  let author: string;
  let agent: string;
  beforeAll(async () => {
    t = await startTestInstitution();
    author = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
    agent = (await t.login('A1001', 'Agent#2026')).accessToken;
    const json = { id: 'ADM02', displayName: '刘洋', password: 'Author#2026', roles: ['admin'], team: null };
    expect((await t.client.request('POST', `${API_PREFIX}/admin/operators`, { token: author, json })).status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, token: string, json: unknown) => t.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const get = (path: string, token: string) => t.client.request('GET', `${API_PREFIX}${path}`, { token });

  it('names the publisher to readers and every author and publisher in the history', async () => {
    const second = (await t.consoleLogin('ADM02', 'Author#2026')).accessToken;
    const v1 = KbVersion.parse((await post('/kb/articles', author, { spaceId: 'service', title: '来电转接规范', body: '先说明原因再转接。', mandatory: false })).json);
    expect(v1.authorName).toBe('陈静');
    const v2 = KbVersion.parse((await post(`/kb/articles/${v1.articleId}/versions`, second, { baseVersion: 1, title: '来电转接规范', body: '先说明原因，再转接。', mandatory: false })).json);
    expect((await post(`/kb/articles/${v1.articleId}/publish`, author, { version: v2.version })).status).toBe(200);

    const read = KbVersion.parse((await get(`/kb/articles/${v1.articleId}`, agent)).json);
    expect([read.publishedBy, read.publishedByName]).toEqual(['ADM01', '陈静']);
    const history = KbVersionHistory.parse((await get(`/kb/articles/${v1.articleId}/versions`, author)).json).versions;
    expect(history.map((v) => [v.version, v.authorName, v.publishedByName ?? null])).toEqual([
      [2, '刘洋', '陈静'],
      [1, '陈静', null],
    ]);
  });
});
