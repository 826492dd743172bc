import type { InvokeRequest, InvokeResponse, KbAuthorVersion, KbChanged, KbSpace } from '../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../electron/contract/errors.ts';
import { FAKE_KB_ARTICLES, FAKE_KB_NAMES, FAKE_KB_SPACES, type FakeKbArticle } from './fake-kb.ts';

/**
 * The authors' `kb.*` half of the fake desk (fake-desk.ts), following core's authoring
 * handlers (electron/core/kb/authoring.ts) and the institution's rules behind them: a draft
 * must name the latest version as its base, only the latest draft can be published, only
 * the published version retired — anything stale is `kb_edit_conflict`. Publishing and
 * retiring emit `kb.changed` as the institution's push does.
 */
export interface FakeKbAuthoringHandlers {
  'kb.author-spaces': (p: InvokeRequest<'kb.author-spaces'>) => DeskResult<InvokeResponse<'kb.author-spaces'>>;
  'kb.author-articles': (p: InvokeRequest<'kb.author-articles'>) => DeskResult<InvokeResponse<'kb.author-articles'>>;
  'kb.history': (p: InvokeRequest<'kb.history'>) => DeskResult<InvokeResponse<'kb.history'>>;
  'kb.create-article': (p: InvokeRequest<'kb.create-article'>) => DeskResult<InvokeResponse<'kb.create-article'>>;
  'kb.save-draft': (p: InvokeRequest<'kb.save-draft'>) => DeskResult<InvokeResponse<'kb.save-draft'>>;
  'kb.publish': (p: InvokeRequest<'kb.publish'>) => DeskResult<InvokeResponse<'kb.publish'>>;
  'kb.retire': (p: InvokeRequest<'kb.retire'>) => DeskResult<InvokeResponse<'kb.retire'>>;
  'kb.unread': (p: InvokeRequest<'kb.unread'>) => DeskResult<InvokeResponse<'kb.unread'>>;
  'kb.create-space': (p: InvokeRequest<'kb.create-space'>) => DeskResult<InvokeResponse<'kb.create-space'>>;
  'kb.set-space-roles': (p: InvokeRequest<'kb.set-space-roles'>) => DeskResult<InvokeResponse<'kb.set-space-roles'>>;
}

export interface FakeKbAuthoring {
  handlers: FakeKbAuthoringHandlers;
  /** Another author saves a draft on top of the latest version (a concurrent edit). */
  saveAsOtherAuthor(articleId: number, draft: { title: string; body: string; mandatory: boolean }, authorId?: string): KbAuthorVersion;
}

/** Readers the fake's "who has not read" lists (like the demo's agents). */
export const FAKE_KB_READERS = [
  { id: 'A1001', displayName: '王小明' },
  { id: 'A1002', displayName: '李娜' },
];

/** A version as the institution's history gives it: with the display names it knows. */
function named(v: KbAuthorVersion): KbAuthorVersion {
  const authorName = FAKE_KB_NAMES[v.authorId];
  const publishedByName = v.publishedBy === null ? undefined : FAKE_KB_NAMES[v.publishedBy];
  return { ...v, ...(authorName === undefined ? {} : { authorName }), ...(publishedByName === undefined ? {} : { publishedByName }) };
}

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = (code: 'kb_not_found' | 'kb_edit_conflict' | 'kb_space_exists' | 'not_logged_in'): DeskResult<never> => ({ ok: false, error: { code } });

export function createFakeKbAuthoring(
  options: { articles?: readonly FakeKbArticle[]; now?: () => number },
  author: () => string | null,
  acknowledged: () => readonly { operatorId: string; articleId: number; version: number }[],
  emit: (payload: KbChanged) => void,
): FakeKbAuthoring {
  const now = options.now ?? Date.now;
  const articles = new Map<number, { spaceId: string; versions: KbAuthorVersion[] }>();
  // The authors' own copy: spaces they create or change live here (the reader half keeps the seeded ones).
  const spaces: KbSpace[] = FAKE_KB_SPACES.map((s) => ({ ...s, readRoles: [...s.readRoles] }));
  for (const a of options.articles ?? FAKE_KB_ARTICLES) {
    const v: KbAuthorVersion = { articleId: a.articleId, spaceId: a.spaceId, version: a.version, status: a.retired === true ? 'retired' : 'published', title: a.title, body: a.body, mandatory: a.mandatory, authorId: a.publishedBy, createdAt: a.publishedAt, publishedAt: a.publishedAt, publishedBy: a.publishedBy };
    articles.set(a.articleId, { spaceId: a.spaceId, versions: [v] });
  }
  const at = () => new Date(now()).toISOString();
  const latest = (id: number) => articles.get(id)?.versions.at(-1);
  const published = (id: number) => articles.get(id)?.versions.find((v) => v.status === 'published');

  const addDraft = (articleId: number, baseVersion: number, draft: { title: string; body: string; mandatory: boolean }, authorId: string): DeskResult<KbAuthorVersion> => {
    const article = articles.get(articleId);
    const base = latest(articleId);
    if (article === undefined || base === undefined) return fail('kb_not_found');
    if (base.version !== baseVersion) return fail('kb_edit_conflict');
    const v: KbAuthorVersion = { articleId, spaceId: article.spaceId, version: baseVersion + 1, status: 'draft', ...draft, authorId, createdAt: at(), publishedAt: null, publishedBy: null };
    article.versions.push(v);
    return ok(named(v));
  };

  return {
    saveAsOtherAuthor(articleId, draft, authorId = 'ADM02') {
      const result = addDraft(articleId, latest(articleId)?.version ?? 0, draft, authorId);
      if (!result.ok) throw new Error(`fake kb: no article ${articleId}`);
      return result.value;
    },
    handlers: {
      'kb.author-spaces': () => (author() === null ? fail('not_logged_in') : ok({ spaces: spaces.map((s) => ({ ...s, readRoles: [...s.readRoles] })) })),
      'kb.author-articles': ({ spaceId }) => {
        if (spaces.every((s) => s.id !== spaceId)) return fail('kb_not_found');
        const list = [...articles.entries()]
          .filter(([, a]) => a.spaceId === spaceId)
          .map(([articleId, a]) => {
            const last = a.versions.at(-1) as KbAuthorVersion;
            return { articleId, spaceId, title: last.title, latestVersion: last.version, latestStatus: last.status, publishedVersion: published(articleId)?.version ?? null, mandatory: last.mandatory, updatedAt: last.publishedAt ?? last.createdAt };
          })
          .sort((x, y) => y.updatedAt.localeCompare(x.updatedAt) || y.articleId - x.articleId);
        return ok({ articles: list });
      },
      'kb.history': ({ articleId }) => {
        const a = articles.get(articleId);
        return a === undefined ? fail('kb_not_found') : ok({ articleId, versions: [...a.versions].reverse().map(named) });
      },
      'kb.create-article': ({ spaceId, ...draft }) => {
        const who = author();
        if (who === null) return fail('not_logged_in');
        if (spaces.every((s) => s.id !== spaceId)) return fail('kb_not_found');
        const articleId = Math.max(0, ...articles.keys()) + 1;
        const v: KbAuthorVersion = { articleId, spaceId, version: 1, status: 'draft', ...draft, authorId: who, createdAt: at(), publishedAt: null, publishedBy: null };
        articles.set(articleId, { spaceId, versions: [v] });
        return ok(named(v));
      },
      'kb.save-draft': ({ articleId, baseVersion, ...draft }) => {
        const who = author();
        return who === null ? fail('not_logged_in') : addDraft(articleId, baseVersion, draft, who);
      },
      'kb.publish': ({ articleId, version }) => {
        const who = author();
        const v = latest(articleId);
        if (who === null) return fail('not_logged_in');
        if (v === undefined) return fail('kb_not_found');
        if (v.version !== version || v.status !== 'draft') return fail('kb_edit_conflict');
        const before = published(articleId);
        if (before !== undefined) before.status = 'superseded';
        Object.assign(v, { status: 'published', publishedAt: at(), publishedBy: who });
        emit({ change: 'published', articleId, spaceId: v.spaceId, version, mandatory: v.mandatory });
        return ok(named(v));
      },
      'kb.retire': ({ articleId, version }) => {
        const v = published(articleId);
        if (articles.get(articleId) === undefined) return fail('kb_not_found');
        if (v === undefined || v.version !== version) return fail('kb_edit_conflict');
        v.status = 'retired';
        emit({ change: 'retired', articleId, spaceId: v.spaceId, version, mandatory: v.mandatory });
        return ok(named(v));
      },
      'kb.create-space': (space) => {
        if (author() === null) return fail('not_logged_in');
        if (spaces.some((s) => s.id === space.id)) return fail('kb_space_exists');
        const created = { ...space, readRoles: [...space.readRoles] };
        spaces.push(created);
        return ok({ ...created, readRoles: [...created.readRoles] });
      },
      'kb.set-space-roles': ({ spaceId, readRoles }) => {
        const space = spaces.find((s) => s.id === spaceId);
        if (author() === null) return fail('not_logged_in');
        if (space === undefined) return fail('kb_not_found');
        space.readRoles = [...readRoles];
        return ok({ ...space, readRoles: [...readRoles] });
      },
      'kb.unread': ({ articleId }) => {
        const v = published(articleId);
        if (articles.get(articleId) === undefined) return fail('kb_not_found');
        if (v === undefined) return fail('kb_edit_conflict');
        const read = new Set(acknowledged().filter((k) => k.articleId === articleId && k.version === v.version).map((k) => k.operatorId));
        return ok({ articleId, version: v.version, operators: FAKE_KB_READERS.filter((r) => !read.has(r.id)) });
      },
    },
  };
}
