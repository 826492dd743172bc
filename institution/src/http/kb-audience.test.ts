import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, PushEvent, ServerEventPage, StaffActionPage } from '../../contract/api.ts';
import { KbVersion } from '../../contract/kb-api.ts';
import type { SseStream } from '../testing/sse-client.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/**
 * Who hears about a knowledge-base change (kb-changed goes only to streams whose session may
 * read the space) and who did what (the staff-action log and the workstation's server events),
 * over real HTTPS and Server-Sent Events against the demo seed.
 */
describe('knowledge base: push audience and the action log', () => {
  const env = useTestInstitution({}, { admin: true, signIn: ['agent', 'supervisor', 'qa'] });

  const get = (path: string, token: string) => env.institution.client.request('GET', `${API_PREFIX}${path}`, { token });
  const post = (path: string, token: string, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const nextEvent = async (stream: SseStream) => PushEvent.parse(JSON.parse((await stream.next()).data));
  async function publishNew(spaceId: string, title: string, mandatory = false): Promise<KbVersion> {
    const draft = KbVersion.parse((await post('/kb/articles', env.admin, { spaceId, title, body: `${title}：正文。`, mandatory })).json);
    return KbVersion.parse((await post(`/kb/articles/${draft.articleId}/publish`, env.admin, { version: draft.version })).json);
  }
  const actions = async (query = '') => StaffActionPage.parse((await get(`/admin/audit/staff-actions${query}`, env.qa)).json);

  it('pushes kb-changed only to streams that may read the space, live and on a resume', async () => {
    const agentStream = await env.institution.events(env.agent);
    const supervisorStream = await env.institution.events(env.supervisor);
    const authorStream = await env.institution.events(env.admin);
    const agentSnapshot = await agentStream.next();
    await supervisorStream.next();
    await authorStream.next();

    const claim = await publishNew('claims', '旅行险航班延误理赔补充说明');
    expect(await nextEvent(supervisorStream)).toMatchObject({ type: 'kb-changed', spaceId: 'claims', articleId: claim.articleId });
    expect(await nextEvent(authorStream)).toMatchObject({ type: 'kb-changed', spaceId: 'claims', articleId: claim.articleId });
    const card = await publishNew('credit-card', '夜间交易提醒设置');
    // Streams are ordered: the agent's next event is the card article, so the claim never came.
    expect(await nextEvent(agentStream)).toMatchObject({ type: 'kb-changed', spaceId: 'credit-card', articleId: card.articleId });
    expect(await nextEvent(supervisorStream)).toMatchObject({ spaceId: 'credit-card', articleId: card.articleId });

    // A resume from before both replays only what the agent may read, then the snapshot.
    agentStream.close();
    const resumed = await env.institution.events(env.agent, agentSnapshot.id);
    expect(await nextEvent(resumed)).toMatchObject({ type: 'kb-changed', articleId: card.articleId });
    expect((await nextEvent(resumed)).type).toBe('policy');
    resumed.close();
    supervisorStream.close();
    authorStream.close();
  });

  it('records drafts, publications, mandatory changes and retirements of a console author (no workstation)', async () => {
    const before = (await actions()).actions.at(-1)?.n ?? 0;
    const created = KbVersion.parse((await post('/kb/articles', env.admin, { spaceId: 'loans', title: '贷款展期说明', body: '展期须在到期前申请。', mandatory: false })).json);
    const id = created.articleId;
    const v2 = KbVersion.parse((await post(`/kb/articles/${id}/versions`, env.admin, { baseVersion: 1, title: '贷款展期说明', body: '展期须在到期前 30 天申请。', mandatory: true })).json);
    // Refused actions change nothing and are not logged.
    expect((await post(`/kb/articles/${id}/versions`, env.admin, { baseVersion: 1, title: 'x', body: 'y', mandatory: false })).status).toBe(409);
    expect((await post(`/kb/articles/${id}/publish`, env.admin, { version: 1 })).status).toBe(409);
    expect((await post(`/kb/articles/${id}/publish`, env.admin, { version: v2.version })).status).toBe(200);
    expect((await post(`/kb/articles/${id}/retire`, env.admin, { version: v2.version })).status).toBe(200);

    const mine = (await actions()).actions.filter((a) => a.n > before);
    expect(mine.map((a) => [a.type, a.operatorId, a.workstationId, a.subject, a.detail])).toEqual([
      ['kb-draft-created', 'ADM01', null, `kb-article:${id}`, 'v1 space loans mandatory false'],
      ['kb-draft-created', 'ADM01', null, `kb-article:${id}`, 'v2 space loans mandatory true'],
      ['kb-published', 'ADM01', null, `kb-article:${id}`, 'v2 space loans mandatory true'],
      ['kb-mandatory-changed', 'ADM01', null, `kb-article:${id}`, 'v2 space loans mandatory false→true'],
      ['kb-retired', 'ADM01', null, `kb-article:${id}`, 'v2 space loans'],
    ]);
    // Never content: the body's words are nowhere in the log.
    expect(JSON.stringify(mine)).not.toContain('展期');
  });

  it('records an agent acknowledgement once, in the log and in the workstation server events', async () => {
    const article = await publishNew('service', '通话中断回拨规范', true);
    const before = (await actions('?operatorId=A1001')).actions.length;
    for (let i = 0; i < 2; i += 1) expect((await post(`/kb/articles/${article.articleId}/acknowledge`, env.agent, { version: article.version })).status).toBe(204);
    const acks = (await actions('?operatorId=A1001')).actions.slice(before);
    expect(acks.map((a) => [a.type, a.workstationId, a.subject])).toEqual([['kb-acknowledged', env.institution.workstation.id, `kb-article:${article.articleId}`]]);
    const events = ServerEventPage.parse((await get(`/admin/audit/workstations/${env.institution.workstation.id}/server-events`, env.admin)).json).events;
    expect(events.filter((e) => e.type === 'kb-acknowledged').map((e) => [e.operatorId, e.detail])).toContainEqual(['A1001', `kb-article:${article.articleId} v${article.version} space service`]);
  });

  it('pages the log for auditors only (audit.read), and refuses bad queries with 400', async () => {
    expect(ApiError.parse((await get('/admin/audit/staff-actions', env.agent)).json).error.code).toBe('forbidden');
    const first = await actions('?limit=2');
    expect(first.actions).toHaveLength(2);
    expect(first.nextBefore).not.toBeNull();
    const older = await actions(`?limit=2&before=${first.nextBefore}`);
    expect(older.actions.every((a) => a.n < (first.actions[0]?.n ?? 0))).toBe(true);
    for (const query of ['?limit=0', '?limit=501', '?before=x', '?operatorId=a%20b', '?extra=1']) {
      const response = await get(`/admin/audit/staff-actions${query}`, env.qa);
      expect(response.status, query).toBe(400);
    }
  });
});
