import type { InvokeRequest, InvokeResponse, KbArticle, KbChanged, KbSpaceChanged } from '../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../electron/contract/errors.ts';
import type { KbSpace, KbTextSegment } from '../../../institution/contract/kb-api.ts';
import type { Role } from '../../../institution/contract/api.ts';

/**
 * The reader's `kb.*` half of the fake desk (fake-desk.ts), following core's KB handlers
 * (electron/core/kb/) and the institution's rules behind them: spaces readable per role, a
 * space or article the reader cannot see answers `kb_not_found` like a missing one, a
 * version that is not the published one `kb_conflict`, a query without letters or digits
 * `bad_request`. Its search is a plain substring match (all terms must occur), enough for
 * the renderer's tests; ranking is the institution's and tested there.
 */
export interface FakeKbArticle {
  articleId: number;
  spaceId: string;
  version: number;
  title: string;
  body: string;
  mandatory: boolean;
  publishedAt: string;
  publishedBy: string;
  /** Retired articles are gone for readers. */
  retired?: boolean;
}

/** Display names the fake institution knows (it names authors and publishers, like the real one); others keep only their id. */
export const FAKE_KB_NAMES: Readonly<Record<string, string>> = { ADM01: '陈静', ADM02: '刘洋' };

export interface FakeKbHandlers {
  'kb.spaces': (p: InvokeRequest<'kb.spaces'>) => DeskResult<InvokeResponse<'kb.spaces'>>;
  'kb.search': (p: InvokeRequest<'kb.search'>) => DeskResult<InvokeResponse<'kb.search'>>;
  'kb.article': (p: InvokeRequest<'kb.article'>) => DeskResult<InvokeResponse<'kb.article'>>;
  'kb.mandatory': (p: InvokeRequest<'kb.mandatory'>) => DeskResult<InvokeResponse<'kb.mandatory'>>;
  'kb.acknowledge': (p: InvokeRequest<'kb.acknowledge'>) => DeskResult<InvokeResponse<'kb.acknowledge'>>;
}

export interface FakeKb {
  handlers: FakeKbHandlers;
  /** An author publishes: a new version (or a new article) and `kb.changed`, as the institution pushes it. */
  publish(article: Omit<FakeKbArticle, 'version' | 'publishedAt' | 'publishedBy'> & { publishedBy?: string }): FakeKbArticle;
  /** An author retires the published version. */
  retire(articleId: number): void;
  /** An author replaces a space's read roles: what readers may see follows, and `kb.space-changed` is pushed. */
  setReadRoles(spaceId: string, readRoles: readonly Role[]): void;
  /** Acknowledgements in order: `articleId@version` by operator. */
  acknowledged: { operatorId: string; articleId: number; version: number }[];
}

/** Like institution/src/seed/demo-kb.ts (three spaces; 保险理赔 not for agents). */
export const FAKE_KB_SPACES: readonly KbSpace[] = [
  { id: 'credit-card', nameZh: '信用卡', nameEn: 'Credit cards', readRoles: ['agent', 'supervisor', 'qa'] },
  { id: 'wealth', nameZh: '理财', nameEn: 'Wealth management', readRoles: ['agent', 'supervisor', 'qa'] },
  { id: 'claims', nameZh: '保险理赔', nameEn: 'Insurance claims', readRoles: ['supervisor', 'qa'] },
];

const AT = '2026-11-30T08:00:00.000Z';
export const FAKE_KB_ARTICLES: readonly FakeKbArticle[] = [
  { articleId: 1, spaceId: 'credit-card', version: 1, title: '信用卡挂失流程', body: '# 信用卡挂失\n\n客户来电要求挂失时：\n\n1. 核实身份。\n2. 立即冻结卡片。\n\n挂失前发生的交易由客户承担。', mandatory: true, publishedAt: AT, publishedBy: 'ADM01' },
  { articleId: 2, spaceId: 'credit-card', version: 1, title: '年费减免政策', body: '普卡首年免年费。\n\n| 卡种 | 年费 |\n|---|---|\n| 普卡 | 100 |', mandatory: false, publishedAt: AT, publishedBy: 'ADM01' },
  { articleId: 3, spaceId: 'credit-card', version: 1, title: '信用卡分期还款说明', body: '账单分期可选 3、6、12、24 期。信用卡分期还款申请须在到期还款日前提交。', mandatory: false, publishedAt: AT, publishedBy: 'ADM01' },
  { articleId: 4, spaceId: 'credit-card', version: 1, title: 'Reporting a lost card (English-speaking customers)', body: 'Verify the caller, freeze the card at once.', mandatory: false, publishedAt: AT, publishedBy: 'ADM01' },
  { articleId: 5, spaceId: 'wealth', version: 1, title: '理财产品风险等级说明', body: '理财产品分为 R1 至 R5 五个风险等级。', mandatory: true, publishedAt: AT, publishedBy: 'ADM01' },
  { articleId: 6, spaceId: 'claims', version: 1, title: '车险理赔材料清单', body: '报案号、驾驶证、行驶证。', mandatory: false, publishedAt: AT, publishedBy: 'ADM01' },
];

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = (code: 'kb_not_found' | 'kb_conflict' | 'bad_request' | 'not_logged_in'): DeskResult<never> => ({ ok: false, error: { code } });

/** `text` as segments, the case-insensitive occurrences of `terms` marked as hits. */
export function segmentsOf(text: string, terms: readonly string[]): KbTextSegment[] {
  const lower = text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    for (let at = lower.indexOf(term); term !== '' && at >= 0; at = lower.indexOf(term, at + term.length)) marks.fill(true, at, at + term.length);
  }
  const segments: KbTextSegment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = segments[segments.length - 1];
    if (last !== undefined && last.hit === marks[i]) last.text += text[i];
    else segments.push({ text: text[i] ?? '', hit: marks[i] ?? false });
  }
  return segments;
}

export function createFakeKb(
  options: { articles?: readonly FakeKbArticle[]; now?: () => number },
  caller: () => { operatorId: string; roles: readonly Role[] } | null,
  emit: (payload: KbChanged) => void,
  emitSpace: (payload: KbSpaceChanged) => void = () => undefined,
): FakeKb {
  const articles = new Map((options.articles ?? FAKE_KB_ARTICLES).map((a) => [a.articleId, { ...a }]));
  // This desk's copy: setReadRoles changes it (the authoring half keeps its own, fake-kb-authoring.ts).
  const spaces: KbSpace[] = FAKE_KB_SPACES.map((s) => ({ ...s, readRoles: [...s.readRoles] }));
  const acknowledged: FakeKb['acknowledged'] = [];
  const now = options.now ?? Date.now;
  const readable = (spaceId: string): boolean => {
    const who = caller();
    const space = spaces.find((s) => s.id === spaceId);
    return who !== null && space !== undefined && space.readRoles.some((r) => who.roles.includes(r));
  };
  const visible = (id: number): FakeKbArticle | undefined => {
    const a = articles.get(id);
    return a !== undefined && a.retired !== true && readable(a.spaceId) ? a : undefined;
  };
  const view = (a: FakeKbArticle): KbArticle => ({
    articleId: a.articleId,
    spaceId: a.spaceId,
    version: a.version,
    title: a.title,
    body: a.body,
    mandatory: a.mandatory,
    publishedAt: a.publishedAt,
    publishedBy: a.publishedBy,
    ...(FAKE_KB_NAMES[a.publishedBy] === undefined ? {} : { publishedByName: FAKE_KB_NAMES[a.publishedBy] }),
  });
  const isAcknowledged = (operatorId: string, a: FakeKbArticle) =>
    acknowledged.some((k) => k.operatorId === operatorId && k.articleId === a.articleId && k.version === a.version);

  return {
    acknowledged,
    handlers: {
      'kb.spaces': () => ok({ spaces: spaces.filter((s) => readable(s.id)).map((s) => ({ ...s, readRoles: [...s.readRoles] })) }),
      'kb.search': ({ query, spaceId, limit }) => {
        const terms = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
        if (terms.length === 0) return fail('bad_request');
        if (spaceId !== undefined && !readable(spaceId)) return fail('kb_not_found');
        const hits = [...articles.values()]
          .filter((a) => visible(a.articleId) !== undefined && (spaceId === undefined || a.spaceId === spaceId))
          .filter((a) => terms.every((t) => `${a.title}\n${a.body}`.toLowerCase().includes(t)))
          .slice(0, limit ?? 20)
          .map((a) => ({
            articleId: a.articleId,
            spaceId: a.spaceId,
            version: a.version,
            mandatory: a.mandatory,
            title: segmentsOf(a.title, terms),
            snippet: segmentsOf(a.body.slice(0, 120), terms),
          }));
        return ok({ hits });
      },
      'kb.article': ({ articleId, version }) => {
        const a = visible(articleId);
        if (a === undefined) return fail('kb_not_found');
        if (version !== undefined && version !== a.version) return fail('kb_conflict');
        return ok(view(a));
      },
      'kb.mandatory': () => {
        const who = caller();
        if (who === null) return fail('not_logged_in');
        const pending = [...articles.values()]
          .filter((a) => a.mandatory && visible(a.articleId) !== undefined && !isAcknowledged(who.operatorId, a))
          .map((a) => ({ articleId: a.articleId, spaceId: a.spaceId, version: a.version, title: a.title }));
        return ok({ pending });
      },
      'kb.acknowledge': ({ articleId, version }) => {
        const who = caller();
        const a = articles.get(articleId);
        if (who === null) return fail('not_logged_in');
        if (a === undefined || !readable(a.spaceId)) return fail('kb_not_found');
        // As the institution: a retired article has no version to acknowledge (a conflict, not a 404).
        if (a.retired === true || a.version !== version) return fail('kb_conflict');
        if (!isAcknowledged(who.operatorId, a)) acknowledged.push({ operatorId: who.operatorId, articleId, version });
        return ok(null);
      },
    },
    publish(next) {
      const before = articles.get(next.articleId);
      const published: FakeKbArticle = {
        ...next,
        version: (before?.version ?? 0) + 1,
        publishedAt: new Date(now()).toISOString(),
        publishedBy: next.publishedBy ?? 'ADM01',
        retired: false,
      };
      articles.set(published.articleId, published);
      emit({ change: 'published', articleId: published.articleId, spaceId: published.spaceId, version: published.version, mandatory: published.mandatory });
      return { ...published };
    },
    retire(articleId) {
      const a = articles.get(articleId);
      if (a === undefined) throw new TypeError(`fake kb: no article ${articleId}`);
      a.retired = true;
      emit({ change: 'retired', articleId, spaceId: a.spaceId, version: a.version, mandatory: a.mandatory });
    },
    setReadRoles(spaceId, readRoles) {
      const space = spaces.find((s) => s.id === spaceId);
      if (space === undefined) throw new TypeError(`fake kb: no space ${spaceId}`);
      space.readRoles = [...readRoles];
      emitSpace({ change: 'read-roles', spaceId });
    },
  };
}
