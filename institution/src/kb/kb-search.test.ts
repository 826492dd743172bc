import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbSearchHit, KbTextSegment } from '../../contract/kb-api.ts';
import { ApiFailure } from '../errors.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { openSqlite } from '../db/sqlite.ts';
import { indexTokens, normalizeChar, queryTerms } from './bigram-index.ts';
import { createKbSearch, type KbSearch } from './kb-search.ts';
import { createKbStore, type KbStore } from './kb-store.ts';

/** Search over real SQLite FTS5 (in memory) with the bigram tokens: the Chinese cases of issue #8. */
const ARTICLES = [
  { space: 'cc', title: '信用卡挂失流程', body: '客户要求挂失时先核实身份，再冻结卡片。' },
  { space: 'cc', title: '年费减免政策', body: '普卡首年免年费，刷卡满六次免次年年费。' },
  { space: 'cc', title: '账单说明', body: '信用卡分期还款须在到期日前申请；分期手续费每期 0.6%。' },
  { space: 'cc', title: '积分规则', body: '消费一元积一分，年费不积分。挂失后的卡片积分保留。' },
  { space: 'cc', title: 'Annual fee waiver', body: 'The annual fee is waived after six purchases. Overdraft rules differ.' },
  { space: 'cc', title: 'Lost card', body: 'Freeze the card, then offer a replacement (补卡).' },
  { space: 'wm', title: '理财产品风险等级', body: '理财产品分为 R1 至 R5，推荐前确认风险测评。' },
];

const text = (segments: readonly KbTextSegment[]): string => segments.map((s) => s.text).join('');
const hits = (segments: readonly KbTextSegment[]): string[] => segments.filter((s) => s.hit).map((s) => s.text);

describe('knowledge-base search', () => {
  let handle: DatabaseHandle;
  let store: KbStore;
  let search: KbSearch;
  const ids = new Map<string, number>();
  const find = (query: string, spaceIds = ['cc', 'wm']): Promise<KbSearchHit[]> => search.search({ query, spaceIds });
  const titles = async (query: string): Promise<string[]> => (await find(query)).map((h) => text(h.title));

  beforeAll(async () => {
    handle = openSqlite(':memory:');
    await migrateToLatest(handle.db);
    store = createKbStore({ db: handle.db, now: () => 1_700_000_000_000 });
    search = createKbSearch({ db: handle.db });
    await store.upsertSpace({ id: 'cc', nameZh: '信用卡', nameEn: 'Cards', readRoles: ['agent'] });
    await store.upsertSpace({ id: 'wm', nameZh: '理财', nameEn: 'Wealth', readRoles: ['agent'] });
    for (const a of ARTICLES) {
      const draft = await store.create('ADM01', a.space, { title: a.title, body: a.body, mandatory: false });
      await store.publish('ADM01', draft.articleId, 1);
      ids.set(a.title, draft.articleId);
    }
  });
  afterAll(async () => {
    await handle.close();
  });

  it('tokenizes Han runs into bigrams plus the tail, and words lowercased', () => {
    expect(indexTokens('信用卡 Credit-Card 分期')).toBe('信用 用卡 卡 credit card 分期 期');
    expect(queryTerms('分期 Fee').map((t) => t.fts)).toEqual(['"分期"', '"fee"*']);
    expect(queryTerms('信用卡分期').map((t) => t.fts)).toEqual(['"信用 用卡 卡分 分期"']);
  });

  it('finds two-character words: 挂失, 年费, 分期', async () => {
    expect(await titles('挂失')).toEqual(expect.arrayContaining(['信用卡挂失流程', '积分规则']));
    expect(await titles('年费')).toEqual(expect.arrayContaining(['年费减免政策', '积分规则']));
    expect(await titles('分期')).toEqual(['账单说明']);
  });

  it('finds substrings inside longer words (分期 in 信用卡分期还款) and longer phrases, but not across a break', async () => {
    expect(await titles('卡分期')).toEqual(['账单说明']);
    expect(await titles('信用卡分期还款')).toEqual(['账单说明']);
    // "身份，再冻结": 份 and 再 are both there, but a comma apart.
    expect(await titles('份再')).toEqual([]);
    expect(await titles('再冻结')).toEqual(['信用卡挂失流程']);
  });

  it('finds a single Han character and English words (case-insensitive, last word as a prefix)', async () => {
    expect(await titles('险')).toEqual(['理财产品风险等级']);
    expect(await titles('ANNUAL')).toEqual(['Annual fee waiver']);
    expect(await titles('overdr')).toEqual(['Annual fee waiver']);
    expect(await titles('fee waived')).toEqual(['Annual fee waiver']);
    expect(await titles('purchase six')).toEqual([]);
  });

  it('answers mixed queries with every term (AND)', async () => {
    expect(await titles('补卡 card')).toEqual(['Lost card']);
    expect(await titles('年费 免')).toEqual(['年费减免政策']);
    expect(await titles('理财 R5')).toEqual(['理财产品风险等级']);
  });

  it('ranks a title hit above body hits', async () => {
    const ranked = await titles('挂失');
    expect(ranked[0]).toBe('信用卡挂失流程');
    expect((await titles('年费'))[0]).toBe('年费减免政策');
  });

  it('puts every article with all terms in its title before any with them only in the body, however often', async () => {
    const noisy = await store.create('ADM01', 'wm', { title: '备忘', body: '挂失。'.repeat(40), mandatory: false });
    await store.publish('ADM01', noisy.articleId, 1);
    const ranked = await find('挂失');
    const titled = ranked.map((h) => h.title.some((s) => s.hit));
    expect(titled.indexOf(false)).toBeGreaterThan(0);
    expect(titled.slice(titled.indexOf(false))).not.toContain(true);
    expect(ranked.map((h) => h.articleId)).toContain(noisy.articleId);
    // Both terms must be in the title for the first tier: 挂失 + 冻结 has none there, yet is found.
    expect(await titles('挂失 冻结')).toEqual(['信用卡挂失流程']);
    await store.retire(noisy.articleId, 1);
  });

  it('keeps to the spaces it is given, even when every best-ranked hit is in another space', async () => {
    expect(await search.search({ query: '理财', spaceIds: ['cc'] })).toEqual([]);
    expect(await search.search({ query: '理财', spaceIds: [] })).toEqual([]);
    // Five title hits in cc outrank the one body hit in wm: the FTS-only window (4 × limit) holds none of wm.
    for (let i = 0; i < 5; i += 1) {
      const draft = await store.create('ADM01', 'cc', { title: `保单说明${i}`, body: '无关正文', mandatory: false });
      await store.publish('ADM01', draft.articleId, 1);
    }
    const wm = await store.create('ADM01', 'wm', { title: '投连险', body: '与保单相关的长篇正文，'.repeat(20), mandatory: false });
    await store.publish('ADM01', wm.articleId, 1);
    expect((await search.search({ query: '保单', spaceIds: ['wm'], limit: 1 })).map((h) => h.articleId)).toEqual([wm.articleId]);
    expect((await search.search({ query: '保单', spaceIds: ['cc', 'wm'], limit: 1 })).map((h) => h.spaceId)).toEqual(['cc']);
  });

  it('highlights hits as segments of the original text, never markup', async () => {
    const [hit] = await find('分期');
    expect(hit).toBeDefined();
    expect(hits(hit?.snippet ?? [])).toEqual(['分期', '分期']);
    expect(text(hit?.snippet ?? [])).toContain('信用卡分期还款');
    const [english] = await find('annual');
    expect(hits(english?.title ?? [])).toEqual(['Annual']);
  });

  it('drops retired articles and shows republished text', async () => {
    const id = ids.get('积分规则') ?? 0;
    await store.retire(id, 1);
    expect(await titles('积分')).toEqual([]);
    await store.edit('ADM01', id, 1, { title: '积分规则', body: '消费一元积一分。', mandatory: false });
    await store.publish('ADM01', id, 2);
    expect(await titles('积分')).toEqual(['积分规则']);
    expect(await titles('挂失')).toEqual(['信用卡挂失流程']);
  });

  it('refuses empty, punctuation-only, oversized and over-long queries with bad_request', async () => {
    for (const query of ['', '   ', '!!!', '，。', 'x'.repeat(201), Array.from({ length: 13 }, (_, i) => `w${i}`).join(' ')]) {
      await expect(find(query)).rejects.toSatisfy((e: unknown) => e instanceof ApiFailure && e.code === 'bad_request');
    }
  });

  it('never throws anything but bad_request, and every hit contains every term (title or body)', async () => {
    const alphabet = fc.constantFrom(...'信用卡挂失年费分期还款积理财 aAbcfeé"*()-:^.NEAR OR AND\u0301\uD83D\uDE00ＡＢ１'.split(''));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.oneof(alphabet, fc.string({ minLength: 1, maxLength: 1 })), maxLength: 30 }), async (query) => {
        let found: KbSearchHit[];
        try {
          found = await find(query);
        } catch (error) {
          expect(error instanceof ApiFailure && error.code === 'bad_request', String(error)).toBe(true);
          return;
        }
        const terms = queryTerms(query).map((t) => t.text);
        for (const hit of found) {
          const article = ARTICLES.find((a) => a.title === text(hit.title));
          const published = await store.published({ operatorId: 'x', roles: [], author: true }, hit.articleId);
          const haystack = [...`${published.title}\n${published.body}`].map(normalizeChar).join('');
          for (const term of terms) expect(haystack, `${query} → ${article?.title}`).toContain(term);
        }
      }),
      { numRuns: 300 },
    );
  });
});
