import { describe, expect, it } from 'vitest';
import type { KbVersion } from '../../institution/contract/kb-api.ts';
import type { KbAuthorArticles, KbHistory, KbSpaces, KbUnread } from '../contract/channels.ts';
import type { DeskResult } from '../contract/errors.ts';
import type { DeskCore } from './desk-core.ts';
import { untilEnrolled, signIn } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * Authoring and the Ready gate through the whole core against the real institution (HTTPS
 * with pins on loopback, real SQLite): an author at a workstation lists, creates, saves,
 * publishes and retires; a save on a version another author moved past is
 * `kb_edit_conflict` and stores nothing; an agent's Ready report is refused with
 * `kb_mandatory_pending` until the new mandatory version is acknowledged.
 */
const env = useTestInstitution({}, { admin: true });

let wsCounter = 0;
async function signedInDesk(operatorId: string, password: string): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId: `WS-KBA-${++wsCounter}`, register: true, log: () => undefined });
  await untilEnrolled(core);
  await signIn(core, operatorId, password);
  return core;
}

function value<T>(result: DeskResult<unknown>): T {
  if (!result.ok) throw new Error(`desk call failed: ${result.error.code}`);
  return result.value as T;
}

describe('knowledge base, authors and the Ready gate (core against the real institution)', () => {
  it('an author lists, creates, saves, publishes and retires; a stale save is kb_edit_conflict and nothing is overwritten', async () => {
    const core = await signedInDesk('ADM01', 'Admin#2026');
    expect(value<KbSpaces>(await core.dispatch('kb.author-spaces', undefined)).spaces.map((s) => s.id)).toContain('claims');
    const created = value<KbVersion>(await core.dispatch('kb.create-article', { spaceId: 'wealth', title: '结构性存款说明', body: '保本浮动收益。', mandatory: false }));
    expect(created).toMatchObject({ version: 1, status: 'draft', authorId: 'ADM01' });
    const listed = value<KbAuthorArticles>(await core.dispatch('kb.author-articles', { spaceId: 'wealth' })).articles;
    expect(listed.find((a) => a.articleId === created.articleId)).toMatchObject({ latestStatus: 'draft', publishedVersion: null });

    const v2 = value<KbVersion>(await core.dispatch('kb.save-draft', { articleId: created.articleId, baseVersion: 1, title: '结构性存款说明', body: '保本浮动收益，期限 3 个月。', mandatory: true }));
    // A second save on version 1 (another author's stale view): refused, typed, nothing stored.
    expect(await core.dispatch('kb.save-draft', { articleId: created.articleId, baseVersion: 1, title: 'x', body: 'y', mandatory: false })).toEqual({ ok: false, error: { code: 'kb_edit_conflict' } });
    // Publishing a version that is not the latest draft is the same conflict.
    expect(await core.dispatch('kb.publish', { articleId: created.articleId, version: 1 })).toEqual({ ok: false, error: { code: 'kb_edit_conflict' } });
    expect(value<KbVersion>(await core.dispatch('kb.publish', { articleId: created.articleId, version: v2.version }))).toMatchObject({ status: 'published', publishedBy: 'ADM01' });
    const history = value<KbHistory>(await core.dispatch('kb.history', { articleId: created.articleId })).versions;
    expect(history.map((v) => [v.version, v.status, v.authorId])).toEqual([
      [2, 'published', 'ADM01'],
      [1, 'draft', 'ADM01'],
    ]);
    expect(value<KbUnread>(await core.dispatch('kb.unread', { articleId: created.articleId })).operators.map((o) => o.id)).toContain('A1001');
    expect(value<KbVersion>(await core.dispatch('kb.retire', { articleId: created.articleId, version: 2 })).status).toBe('retired');
    expect(await core.dispatch('kb.retire', { articleId: created.articleId, version: 2 })).toEqual({ ok: false, error: { code: 'kb_edit_conflict' } });
    expect(await core.dispatch('kb.history', { articleId: 999_999 })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
  });

  it('an agent cannot author (permission_denied) and is refused Ready with kb_mandatory_pending until the mandatory version is acknowledged', async () => {
    const agent = await signedInDesk('A1001', 'Agent#2026');
    expect(await agent.dispatch('kb.author-spaces', undefined)).toEqual({ ok: false, error: { code: 'permission_denied' } });
    const ready = { state: 'ready', reasonCode: null, callId: null } as const;
    expect((await agent.dispatch('phone.report-state', ready)).ok).toBe(true);

    const created = (await env.institution.call('POST', '/kb/articles', { token: env.admin, body: { spaceId: 'credit-card', title: '反欺诈话术更新', body: '先核实再办理。', mandatory: true } })).body as KbVersion;
    const published = (await env.institution.call('POST', `/kb/articles/${created.articleId}/publish`, { token: env.admin, body: { version: created.version } })).body as KbVersion;
    expect(await agent.dispatch('phone.report-state', ready)).toEqual({ ok: false, error: { code: 'kb_mandatory_pending' } });
    expect((await agent.dispatch('phone.report-state', { state: 'not-ready', reasonCode: 'break', callId: null })).ok).toBe(true);
    expect((await agent.dispatch('kb.acknowledge', { articleId: published.articleId, version: published.version })).ok).toBe(true);
    expect((await agent.dispatch('phone.report-state', ready)).ok).toBe(true);
  });
});
