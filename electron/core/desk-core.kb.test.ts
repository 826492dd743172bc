import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KbVersion } from '../../institution/contract/kb-api.ts';
import type { KbArticle, KbChanged, KbSearchResult, KbSpaceChanged } from '../contract/channels.ts';
import type { DeskResult } from '../contract/errors.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually, untilEnrolled, signIn } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * The reader's knowledge base through the whole core against the real institution (HTTPS
 * with pins on loopback, real SQLite): search finds two-character Chinese words, substrings
 * and English; an article arrives as Markdown with its publisher; an author's publish or
 * retire reaches the page as `kb.changed` and the next read is the new version; the
 * mandatory queue empties once acknowledged; and no article text is written to the desk's disk.
 */
const env = useTestInstitution({}, { admin: true });

let wsCounter = 0;
async function signedInDesk(dataDir?: string): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId: `WS-KB-${++wsCounter}`, register: true, log: () => undefined, ...(dataDir === undefined ? {} : { dataDir }) });
  await untilEnrolled(core);
  await signIn(core, 'A1001', 'Agent#2026');
  return core;
}

function value<T>(result: DeskResult<unknown>): T {
  if (!result.ok) throw new Error(`desk call failed: ${result.error.code}`);
  return result.value as T;
}

const hitText = (segments: { text: string; hit: boolean }[]) => segments.filter((s) => s.hit).map((s) => s.text).join('|');
const plain = (segments: { text: string }[]) => segments.map((s) => s.text).join('');

async function search(core: DeskCore, query: string): Promise<KbSearchResult['hits']> {
  return value<KbSearchResult>(await core.dispatch('kb.search', { query })).hits;
}

/** The author (ADM01, console) edits an article's published text and publishes it, as the authoring UI will. */
async function authorPublishes(articleId: number, edit: (body: string) => string, mandatory?: boolean): Promise<KbVersion> {
  const history = (await env.institution.call('GET', `/kb/articles/${articleId}/versions`, { token: env.admin })).body as { versions: KbVersion[] };
  const latest = history.versions[0]!;
  const draft = await env.institution.call('POST', `/kb/articles/${articleId}/versions`, {
    token: env.admin,
    body: { baseVersion: latest.version, title: latest.title, body: edit(latest.body), mandatory: mandatory ?? latest.mandatory },
  });
  expect(draft.status).toBe(201);
  const published = await env.institution.call('POST', `/kb/articles/${articleId}/publish`, { token: env.admin, body: { version: (draft.body as KbVersion).version } });
  expect(published.status).toBe(200);
  return published.body as KbVersion;
}

describe('knowledge base, reader (core against the real institution)', () => {
  it('searches two-character Chinese words, substrings inside longer words and English words, with hits as segments', async () => {
    const core = await signedInDesk();
    const lost = await search(core, '挂失');
    expect(lost.map((h) => plain(h.title))).toContain('信用卡挂失流程');
    expect(hitText(lost.find((h) => plain(h.title) === '信用卡挂失流程')!.title)).toContain('挂失');

    expect((await search(core, '年费')).map((h) => plain(h.title))).toContain('年费减免政策');
    // 分期 inside 信用卡分期还款.
    const instalments = await search(core, '分期');
    expect(instalments.map((h) => plain(h.title))).toContain('信用卡分期还款说明');
    expect((await search(core, 'freeze')).map((h) => plain(h.title))).toContain('Reporting a lost card (English-speaking customers)');

    // A space agents may not read: as if it did not exist.
    expect(await core.dispatch('kb.search', { query: '理赔', spaceId: 'claims' })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
    const spaces = value<{ spaces: { id: string }[] }>(await core.dispatch('kb.spaces', undefined)).spaces.map((s) => s.id);
    expect(spaces).toContain('credit-card');
    expect(spaces).not.toContain('claims');
  });

  it('opens an article as Markdown with version and publisher; unknown ids and stale versions are typed errors', async () => {
    const core = await signedInDesk();
    const hit = (await search(core, '挂失')).find((h) => plain(h.title) === '信用卡挂失流程')!;
    const article = value<KbArticle>(await core.dispatch('kb.article', { articleId: hit.articleId }));
    expect(article).toMatchObject({ articleId: hit.articleId, spaceId: 'credit-card', version: hit.version, title: '信用卡挂失流程', publishedBy: 'ADM01' });
    expect(article.body).toContain('# 信用卡挂失');
    expect(await core.dispatch('kb.article', { articleId: hit.articleId, version: hit.version + 100 })).toEqual({ ok: false, error: { code: 'kb_conflict' } });
    expect(await core.dispatch('kb.article', { articleId: 2_000_000 })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
  });

  it("pushes an author's publish as kb.changed, and the next read is the new version", async () => {
    const core = await signedInDesk();
    const changes: KbChanged[] = [];
    core.subscribe('kb.changed', (c) => changes.push(c));
    const hit = (await search(core, '分期')).find((h) => plain(h.title) === '信用卡分期还款说明')!;
    // The push stream is open once the session is: wait until the institution has our stream.
    await eventually(() => (core.dispatch('session.info', undefined), true), 'session');
    const published = await authorPublishes(hit.articleId, (body) => `${body}\n\n自 12 月 1 日起，分期手续费率下调为 0.5%。`);
    const change = await eventually(() => changes.find((c) => c.articleId === hit.articleId), 'kb.changed');
    expect(change).toEqual({ change: 'published', articleId: hit.articleId, spaceId: 'credit-card', version: published.version, mandatory: false });
    const article = value<KbArticle>(await core.dispatch('kb.article', { articleId: hit.articleId, version: change.version }));
    expect(article.body).toContain('分期手续费率下调为 0.5%');

    // Retired: the push says so, and the article is gone for readers.
    const retired = await env.institution.call('POST', `/kb/articles/${hit.articleId}/retire`, { token: env.admin, body: { version: published.version } });
    expect(retired.status).toBe(200);
    await eventually(() => changes.find((c) => c.change === 'retired' && c.articleId === hit.articleId), 'kb.changed retired');
    expect(await core.dispatch('kb.article', { articleId: hit.articleId })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
  });

  it('pushes a change of a space\'s read roles as kb.space-changed (validated, space id only); the next read follows the new roles', async () => {
    const core = await signedInDesk();
    const changes: KbSpaceChanged[] = [];
    core.subscribe('kb.space-changed', (c) => changes.push(c));
    const admin = (method: 'POST' | 'PUT', path: string, body: unknown) => env.institution.call(method, path, { token: env.admin, body });
    expect((await admin('POST', '/kb/spaces', { id: 'core-push', nameZh: '核心推送', nameEn: 'Core push', readRoles: ['agent'] })).status).toBe(201);
    const draft = (await admin('POST', '/kb/articles', { spaceId: 'core-push', title: '推送空间文章', body: '仅供测试。', mandatory: false })).body as KbVersion;
    expect((await admin('POST', `/kb/articles/${draft.articleId}/publish`, { version: draft.version })).status).toBe(200);
    expect((await core.dispatch('kb.article', { articleId: draft.articleId })).ok).toBe(true);

    expect((await admin('PUT', '/kb/spaces/core-push/read-roles', { readRoles: ['supervisor'] })).status).toBe(200);
    expect(await eventually(() => changes[0], 'kb.space-changed')).toEqual({ change: 'read-roles', spaceId: 'core-push' });
    expect(await core.dispatch('kb.article', { articleId: draft.articleId })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
    expect(value<{ spaces: { id: string }[] }>(await core.dispatch('kb.spaces', undefined)).spaces.map((s) => s.id)).not.toContain('core-push');

    expect((await admin('PUT', '/kb/spaces/core-push/read-roles', { readRoles: ['supervisor', 'agent'] })).status).toBe(200);
    await eventually(() => changes[1], 'kb.space-changed (widened)');
    expect(changes).toEqual([
      { change: 'read-roles', spaceId: 'core-push' },
      { change: 'read-roles', spaceId: 'core-push' },
    ]);
    expect((await core.dispatch('kb.article', { articleId: draft.articleId })).ok).toBe(true);
  });

  it('empties the mandatory queue per acknowledged version; a stale version is a conflict', async () => {
    const core = await signedInDesk();
    // The author makes an article a mandatory read (the seed's own mandatory set may change).
    const hit = (await search(core, '年费')).find((h) => plain(h.title) === '年费减免政策')!;
    const published = await authorPublishes(hit.articleId, (body) => `${body}\n\n请务必向客户说明年费政策。`, true);
    const before = value<{ pending: { articleId: number; version: number }[] }>(await core.dispatch('kb.mandatory', undefined)).pending;
    const first = before.find((p) => p.articleId === hit.articleId)!;
    expect(first).toMatchObject({ articleId: hit.articleId, version: published.version });
    expect(await core.dispatch('kb.acknowledge', { articleId: first.articleId, version: first.version + 1 })).toEqual({ ok: false, error: { code: 'kb_conflict' } });
    const acked = await core.dispatch('kb.acknowledge', { articleId: first.articleId, version: first.version });
    expect(acked, JSON.stringify(acked)).toEqual({ ok: true, value: null });
    const after = value<{ pending: { articleId: number }[] }>(await core.dispatch('kb.mandatory', undefined)).pending;
    expect(after.map((p) => p.articleId)).not.toContain(first.articleId);
  });

  it('writes no article text to the desk data folder', async () => {
    const dataDir = env.tempDir('desk-kb-disk-');
    const core = await signedInDesk(dataDir);
    const hit = (await search(core, '年费')).find((h) => plain(h.title) === '年费减免政策')!;
    const article = value<KbArticle>(await core.dispatch('kb.article', { articleId: hit.articleId }));
    await core.close();
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    // A phrase of the body and of the title, in the encodings SQLite or a log would use.
    const needles = [article.title, '白金卡年费'].flatMap((s) => [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le')]);
    const found = files(dataDir).filter((f) => {
      const bytes = readFileSync(f);
      return needles.some((n) => bytes.includes(n));
    });
    expect(files(dataDir).length).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
