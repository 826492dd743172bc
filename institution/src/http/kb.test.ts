import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, PushEvent } from '../../contract/api.ts';
import { KbMandatoryResponse, KbSearchResponse, KbSpacesResponse, KbUnreadResponse, KbVersion, KbVersionHistory } from '../../contract/kb-api.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** The knowledge base over real HTTPS against the demo seed (seed/demo-kb.ts). */
describe('knowledge base API', () => {
  const env = useTestInstitution({}, { admin: true, signIn: ['agent', 'supervisor'] });

  const get = (path: string, token?: string) => env.institution.client.request('GET', `${API_PREFIX}${path}`, { token });
  const post = (path: string, token: string | undefined, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const expectError = (response: HttpResponse, status: number, code: string): void => {
    expect(response.status, response.text.slice(0, 300)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const search = async (q: string, token = env.agent, limit = 20) => KbSearchResponse.parse((await get(`/kb/search?q=${encodeURIComponent(q)}&limit=${limit}`, token)).json).hits;
  const titleOf = (hit: { title: { text: string }[] }) => hit.title.map((s) => s.text).join('');

  it('lists the spaces a role may read: agents not 保险理赔, supervisors and authors all five', async () => {
    const ids = async (token: string) => KbSpacesResponse.parse((await get('/kb/spaces', token)).json).spaces.map((s) => s.nameZh);
    // By creation, then id (the seed creates them at one instant).
    expect(await ids(env.agent)).toEqual(['信用卡', '个人贷款', '服务规范', '理财']);
    expect(await ids(env.supervisor)).toEqual(['保险理赔', '信用卡', '个人贷款', '服务规范', '理财']);
    expect(await ids(env.admin)).toEqual(['保险理赔', '信用卡', '个人贷款', '服务规范', '理财']);
  });

  it('searches Chinese two-character words, substrings and English with highlighted segments', async () => {
    // About 200 seeded articles: articles about the term (in the title) come first, and the
    // hand-written ones are among them.
    const titled = (hits: { title: { text: string; hit: boolean }[] }[], n: number) => hits.slice(0, n).every((h) => h.title.some((s) => s.hit));
    const guashi = await search('挂失', env.agent, 50);
    expect(titled(guashi, 5)).toBe(true);
    expect(guashi.map(titleOf)).toContain('信用卡挂失流程');
    expect(guashi[0]?.title.filter((s) => s.hit).map((s) => s.text)).toEqual(['挂失']);
    const fenqi = await search('分期', env.agent, 50);
    expect(titled(fenqi, 5)).toBe(true);
    expect(fenqi.map(titleOf)).toContain('信用卡分期还款说明');
    // 分期 inside 信用卡分期还款 (a substring of a longer word) is marked in the snippet or title.
    expect(fenqi.every((h) => [...h.title, ...h.snippet].some((s) => s.hit && s.text.includes('分期')))).toBe(true);
    expect((await search('信用卡分期还款', env.agent, 50)).map(titleOf)).toContain('信用卡分期还款说明');
    const nianfei = await search('年费', env.agent, 50);
    expect(titled(nianfei, 5)).toBe(true);
    expect(nianfei.map(titleOf)).toContain('年费减免政策');
    const lost = await search('lost card', env.agent, 50);
    expect(titled(lost, 5)).toBe(true);
    expect(lost.map(titleOf)).toContain('Reporting a lost card (English-speaking customers)');
  });

  it('hides a space the reader cannot see: no hits, 404 when named, 404 for its article', async () => {
    expect(await search('理赔')).toEqual([]);
    const claims = await search('理赔', env.supervisor, 50);
    expect(claims.map((h) => h.spaceId)).toEqual(claims.map(() => 'claims'));
    expect(claims.map(titleOf)).toContain('车险理赔材料清单');
    expectError(await get('/kb/search?q=x&space=claims', env.agent), 404, 'not_found');
    const claimId = claims.find((h) => titleOf(h) === '车险理赔材料清单')?.articleId ?? 0;
    expectError(await get(`/kb/articles/${claimId}`, env.agent), 404, 'not_found');
    // The same answer as an article that does not exist, reading or acknowledging: its existence is not revealed.
    const missing = await get('/kb/articles/2147483647', env.agent);
    expect((await get(`/kb/articles/${claimId}`, env.agent)).json).toEqual(missing.json);
    expect((await post(`/kb/articles/${claimId}/acknowledge`, env.agent, { version: 1 })).json).toEqual((await post('/kb/articles/2147483647/acknowledge', env.agent, { version: 1 })).json);
    expect(KbVersion.parse((await get(`/kb/articles/${claimId}`, env.supervisor)).json).title).toBe('车险理赔材料清单');
  });

  it('refuses the signed-out (401) and readers authoring (403)', async () => {
    expectError(await get('/kb/spaces'), 401, 'unauthorized');
    expectError(await get('/kb/search?q=挂失'), 401, 'unauthorized');
    const draft = { spaceId: 'credit-card', title: '测试', body: '正文', mandatory: false };
    expectError(await post('/kb/articles', undefined, draft), 401, 'unauthorized');
    expectError(await post('/kb/articles', env.agent, draft), 403, 'forbidden');
    expectError(await post('/kb/articles/1/publish', env.agent, { version: 1 }), 403, 'forbidden');
    expectError(await get('/kb/articles/1/versions', env.agent), 403, 'forbidden');
    expectError(await get('/kb/articles/1/unread', env.supervisor), 403, 'forbidden');
  });

  it('drafts, edits, publishes with a push, keeps the history, and refuses stale edits and old publishes (409)', async () => {
    const stream = await env.institution.events(env.agent);
    await stream.next();
    const created = KbVersion.parse((await post('/kb/articles', env.admin, { spaceId: 'credit-card', title: '夜间临时额度试行', body: '夜间临时额度有效期 30 天。', mandatory: true })).json);
    expect(created).toMatchObject({ version: 1, status: 'draft', authorId: 'ADM01', publishedAt: null });
    expect(await search('夜间临时额度')).toEqual([]);
    const id = created.articleId;
    const v2 = await post(`/kb/articles/${id}/versions`, env.admin, { baseVersion: 1, title: '夜间临时额度试行', body: '夜间临时额度有效期 60 天，次日零点自动恢复。', mandatory: true });
    expect(v2.status).toBe(201);
    // A second author still on version 1: conflict, and version 2 is untouched.
    expectError(await post(`/kb/articles/${id}/versions`, env.admin, { baseVersion: 1, title: 'x', body: 'y', mandatory: false }), 409, 'conflict');
    expectError(await post(`/kb/articles/${id}/publish`, env.admin, { version: 1 }), 409, 'conflict');
    const published = KbVersion.parse((await post(`/kb/articles/${id}/publish`, env.admin, { version: 2 })).json);
    expect(published).toMatchObject({ status: 'published', publishedBy: 'ADM01' });
    expect(PushEvent.parse(JSON.parse((await stream.next()).data))).toEqual({ type: 'kb-changed', change: 'published', articleId: id, spaceId: 'credit-card', version: 2, mandatory: true });
    // Replaying the publish is a conflict, not a second event.
    expectError(await post(`/kb/articles/${id}/publish`, env.admin, { version: 2 }), 409, 'conflict');
    stream.close();
    expect((await search('次日零点自动恢复')).map((h) => [h.articleId, h.version])).toEqual([[id, 2]]);
    const history = KbVersionHistory.parse((await get(`/kb/articles/${id}/versions`, env.admin)).json);
    expect(history.versions.map((v) => [v.version, v.status, v.authorId])).toEqual([
      [2, 'published', 'ADM01'],
      [1, 'draft', 'ADM01'],
    ]);
  });

  it('queues mandatory versions until acknowledged and shows the author who has not read them', async () => {
    // The seed's operators have read the seeded version (demo-kb-reads.ts); a changed one is a new read for all.
    const seeded = KbVersion.parse((await get(`/kb/articles/${(await search('信用卡挂失流程'))[0]?.articleId ?? 0}`, env.agent)).json);
    const changed = KbVersion.parse((await post(`/kb/articles/${seeded.articleId}/versions`, env.admin, { baseVersion: seeded.version, title: seeded.title, body: `${seeded.body}\n\n挂失须核实身份。`, mandatory: true })).json);
    expect((await post(`/kb/articles/${seeded.articleId}/publish`, env.admin, { version: changed.version })).status).toBe(200);
    const pending = KbMandatoryResponse.parse((await get('/kb/mandatory', env.agent)).json).pending;
    const guashi = pending.find((p) => p.title === '信用卡挂失流程');
    expect(guashi).toBeDefined();
    const id = guashi?.articleId ?? 0;
    const unreadBefore = KbUnreadResponse.parse((await get(`/kb/articles/${id}/unread`, env.admin)).json);
    expect(unreadBefore.operators.map((o) => o.id)).toEqual(['A1001', 'A1002', 'QA01', 'S2001']);
    expectError(await post(`/kb/articles/${id}/acknowledge`, env.agent, { version: 99 }), 409, 'conflict');
    expect((await post(`/kb/articles/${id}/acknowledge`, env.agent, { version: guashi?.version })).status).toBe(204);
    expect((await post(`/kb/articles/${id}/acknowledge`, env.agent, { version: guashi?.version })).status).toBe(204);
    expect(KbMandatoryResponse.parse((await get('/kb/mandatory', env.agent)).json).pending.map((p) => p.articleId)).not.toContain(id);
    expect(KbUnreadResponse.parse((await get(`/kb/articles/${id}/unread`, env.admin)).json).operators.map((o) => o.id)).toEqual(['A1002', 'QA01', 'S2001']);
    // A new version is a new read.
    const current = KbVersion.parse((await get(`/kb/articles/${id}`, env.agent)).json);
    const next = KbVersion.parse((await post(`/kb/articles/${id}/versions`, env.admin, { baseVersion: current.version, title: current.title, body: `${current.body}\n\n补卡须本人申请。`, mandatory: true })).json);
    await post(`/kb/articles/${id}/publish`, env.admin, { version: next.version });
    expect(KbMandatoryResponse.parse((await get('/kb/mandatory', env.agent)).json).pending.map((p) => [p.articleId, p.version])).toContainEqual([id, next.version]);
  });

  it('retires: gone from search and reading, pushed, and a second retire is a conflict', async () => {
    const hit = (await search('风险等级', env.agent, 50)).find((h) => titleOf(h) === '理财产品风险等级说明');
    const id = hit?.articleId ?? 0;
    const stream = await env.institution.events(env.agent);
    await stream.next();
    expect((await post(`/kb/articles/${id}/retire`, env.admin, { version: hit?.version })).status).toBe(200);
    expect(PushEvent.parse(JSON.parse((await stream.next()).data))).toMatchObject({ type: 'kb-changed', change: 'retired', articleId: id });
    stream.close();
    expect((await search('风险等级', env.agent, 50)).map((h) => h.articleId)).not.toContain(id);
    expectError(await get(`/kb/articles/${id}`, env.agent), 404, 'not_found');
    expectError(await post(`/kb/articles/${id}/retire`, env.admin, { version: hit?.version }), 409, 'conflict');
  });

  it('answers malformed and oversized input with typed 4xx', async () => {
    for (const q of ['', '!!!', 'x'.repeat(201)]) expectError(await get(`/kb/search?q=${encodeURIComponent(q)}`, env.agent), 400, 'bad_request');
    expectError(await get('/kb/search', env.agent), 400, 'bad_request');
    expectError(await get('/kb/search?q=a&q=b', env.agent), 400, 'bad_request');
    expectError(await get('/kb/search?q=a&limit=0', env.agent), 400, 'bad_request');
    expectError(await get('/kb/search?q=a&extra=1', env.agent), 400, 'bad_request');
    for (const id of ['0', '-1', 'abc', '99999999999', '1e3']) expectError(await get(`/kb/articles/${id}`, env.agent), 404, 'not_found');
    expectError(await get('/kb/articles/424242', env.agent), 404, 'not_found');
    for (const json of [{}, { spaceId: 'credit-card' }, { spaceId: 'credit-card', title: ' ', body: '', mandatory: false }, { spaceId: 'x', title: 't', body: '', mandatory: false }, { spaceId: 'credit-card', title: 't', body: '', mandatory: 'yes' }]) {
      expectError(await post('/kb/articles', env.admin, json), 400, 'bad_request');
    }
    expectError(await post('/kb/articles', env.admin, { spaceId: 'no-such-space', title: 't', body: '', mandatory: false }), 404, 'not_found');
    expectError(await post('/kb/articles', env.admin, { spaceId: 'credit-card', title: 't', body: 'x'.repeat(100_001), mandatory: false }), 400, 'bad_request');
    expectError(await post('/kb/articles', env.admin, { spaceId: 'credit-card', title: 't', body: 'x'.repeat(700_000), mandatory: false }), 413, 'payload_too_large');
    for (const json of [{}, { version: 0 }, { version: '1' }, { version: 1, extra: true }]) expectError(await post('/kb/articles/1/publish', env.admin, json), 400, 'bad_request');
  });
});
