import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, ServerEventPage, StaffActionPage } from '../../contract/api.ts';
import { KbSearchResponse, KbSpace, KbSpacesResponse, KbVersion } from '../../contract/kb-api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import type { HttpResponse } from '../testing/https-client.ts';

/**
 * Space management by authors (POST /kb/spaces, PUT /kb/spaces/{id}/read-roles) over real
 * HTTPS against the demo seed: who may, what bad input gets, what readers see afterwards and
 * what the staff-action log keeps.
 */
describe('knowledge base: authors create spaces and set their read roles', () => {
  let t: TestInstitution;
  let author: string;
  let deskAuthor: string;
  let agent: string;
  let qa: string;
  beforeAll(async () => {
    t = await startTestInstitution();
    author = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
    deskAuthor = (await t.login('ADM01', 'Admin#2026')).accessToken;
    agent = (await t.login('A1001', 'Agent#2026')).accessToken;
    qa = (await t.login('QA01', 'Quality#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, token: string, json: unknown) => t.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const put = (path: string, token: string, json: unknown) => t.client.request('PUT', `${API_PREFIX}${path}`, { token, json });
  const get = (path: string, token: string) => t.client.request('GET', `${API_PREFIX}${path}`, { token });
  const code = (response: HttpResponse): string => ApiError.parse(response.json).error.code;
  const visibleTo = async (token: string) => KbSpacesResponse.parse((await get('/kb/spaces', token)).json).spaces.map((s) => s.id);
  const actions = async () => StaffActionPage.parse((await get('/admin/audit/staff-actions?limit=500', qa)).json).actions;

  it('creates a space that only the roles it lists read, and records who did it', async () => {
    const before = (await actions()).at(-1)?.n ?? 0;
    const created = await post('/kb/spaces', author, { id: 'fx-desk', nameZh: ' 外汇业务 ', nameEn: 'Foreign exchange', readRoles: ['supervisor'] });
    expect(created.status, created.text).toBe(201);
    expect(KbSpace.parse(created.json)).toEqual({ id: 'fx-desk', nameZh: '外汇业务', nameEn: 'Foreign exchange', readRoles: ['supervisor'] });
    expect(await visibleTo(agent)).not.toContain('fx-desk');
    expect(await visibleTo(author)).toContain('fx-desk');

    // An article there is found by authors, not by the agent, until the agent's role is listed.
    const draft = KbVersion.parse((await post('/kb/articles', author, { spaceId: 'fx-desk', title: '购汇额度说明', body: '每人每年购汇额度五万美元。', mandatory: false })).json);
    expect((await post(`/kb/articles/${draft.articleId}/publish`, author, { version: 1 })).status).toBe(200);
    const search = async (token: string) => KbSearchResponse.parse((await get(`/kb/search?q=${encodeURIComponent('购汇')}`, token)).json).hits.map((h) => h.articleId);
    expect(await search(agent)).not.toContain(draft.articleId);
    expect((await get(`/kb/articles/${draft.articleId}`, agent)).status).toBe(404);

    const changed = await put('/kb/spaces/fx-desk/read-roles', deskAuthor, { readRoles: ['agent', 'supervisor'] });
    expect(changed.status, changed.text).toBe(200);
    expect(KbSpace.parse(changed.json).readRoles).toEqual(['agent', 'supervisor']);
    expect(await visibleTo(agent)).toContain('fx-desk');
    expect(await search(agent)).toContain(draft.articleId);
    // The same roles again change nothing and are not logged again.
    expect((await put('/kb/spaces/fx-desk/read-roles', author, { readRoles: ['supervisor', 'agent'] })).status).toBe(200);
    // No roles: authors only.
    expect((await put('/kb/spaces/fx-desk/read-roles', author, { readRoles: [] })).status).toBe(200);
    expect(await visibleTo(agent)).not.toContain('fx-desk');

    const mine = (await actions()).filter((a) => a.n > before && a.subject.startsWith('kb-space:'));
    expect(mine.map((a) => [a.type, a.operatorId, a.workstationId, a.subject, a.detail])).toEqual([
      ['kb-space-created', 'ADM01', null, 'kb-space:fx-desk', 'roles supervisor'],
      ['kb-space-roles-changed', 'ADM01', t.workstation.id, 'kb-space:fx-desk', 'roles supervisor→agent,supervisor'],
      ['kb-space-roles-changed', 'ADM01', null, 'kb-space:fx-desk', 'roles agent,supervisor→none'],
    ]);
    // The desk session's change lies in its workstation's server events too.
    const events = ServerEventPage.parse((await get(`/admin/audit/workstations/${t.workstation.id}/server-events`, author)).json).events;
    expect(events.filter((e) => e.type === 'kb-space-roles-changed').map((e) => e.detail)).toEqual(['kb-space:fx-desk roles supervisor→agent,supervisor']);
  });

  it('refuses a taken id with 409 and leaves the space as it was', async () => {
    const response = await post('/kb/spaces', author, { id: 'credit-card', nameZh: '新名字', nameEn: 'Renamed', readRoles: [] });
    expect(response.status).toBe(409);
    expect(code(response)).toBe('conflict');
    const cards = KbSpacesResponse.parse((await get('/kb/spaces', author)).json).spaces.find((s) => s.id === 'credit-card');
    expect(cards?.nameZh).toBe('信用卡');
    expect(cards?.readRoles).toContain('agent');
  });

  it('refuses readers and agents (403), unknown spaces (404) and bad bodies (400), logging none of it', async () => {
    const before = (await actions()).at(-1)?.n ?? 0;
    const good = { id: 'never-made', nameZh: '不该建立', nameEn: 'Never', readRoles: ['agent'] };
    for (const token of [agent, qa]) {
      expect(code(await post('/kb/spaces', token, good))).toBe('forbidden');
      expect(code(await put('/kb/spaces/credit-card/read-roles', token, { readRoles: [] }))).toBe('forbidden');
    }
    expect((await t.client.request('POST', `${API_PREFIX}/kb/spaces`, { json: good })).status).toBe(401);
    expect(code(await put('/kb/spaces/no-such-space/read-roles', author, { readRoles: ['agent'] }))).toBe('not_found');
    expect(code(await put('/kb/spaces/BAD%20ID/read-roles', author, { readRoles: ['agent'] }))).toBe('not_found');
    const badBodies: unknown[] = [
      null,
      [],
      { ...good, id: 'A' },
      { ...good, id: 'x' },
      { ...good, id: '-dash' },
      { ...good, id: 'a'.repeat(33) },
      { ...good, nameZh: '' },
      { ...good, nameZh: '   ' },
      { ...good, nameZh: '名'.repeat(41) },
      { ...good, nameEn: 'two\nlines' },
      { ...good, nameEn: 'nul\u0000' },
      { ...good, nameZh: '\ud800' },
      { ...good, readRoles: ['agent', 'agent'] },
      { ...good, readRoles: ['root'] },
      { ...good, readRoles: 'agent' },
      { ...good, extra: true },
      { id: good.id, nameZh: good.nameZh, nameEn: good.nameEn },
    ];
    for (const body of badBodies) expect(code(await post('/kb/spaces', author, body)), JSON.stringify(body)).toBe('bad_request');
    for (const body of [{}, { readRoles: ['qa', 'qa'] }, { readRoles: ['nobody'] }, { readRoles: [], more: 1 }]) {
      expect(code(await put('/kb/spaces/credit-card/read-roles', author, body)), JSON.stringify(body)).toBe('bad_request');
    }
    expect(await visibleTo(author)).not.toContain('never-made');
    expect((await actions()).filter((a) => a.n > before)).toEqual([]);
  });

  it('answers any body with 201, 400 or 409 — never a 5xx — and stores only what it accepted', async () => {
    const roles = fc.array(fc.constantFrom('agent', 'supervisor', 'admin', 'qa', 'root', ''), { maxLength: 5 });
    const text = fc.oneof(fc.string({ maxLength: 45 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('理财', '\u0000', ' ', 'a\tb'));
    // Spaces that exist (seeded, or created by an earlier run): a refused body neither creates nor removes one.
    const existing = new Set<string>(await visibleTo(author));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{1,12}$/), fc.string({ maxLength: 40 })), text, text, roles, async (id, nameZh, nameEn, readRoles) => {
        const response = await post('/kb/spaces', author, { id, nameZh, nameEn, readRoles });
        expect([201, 400, 409], response.text.slice(0, 200)).toContain(response.status);
        if (response.status === 201) {
          expect(KbSpace.parse(response.json).id).toBe(id);
          existing.add(id);
        }
        if (response.status === 400) expect((await visibleTo(author)).includes(id)).toBe(existing.has(id));
      }),
      { numRuns: 60 },
    );
  });
});
