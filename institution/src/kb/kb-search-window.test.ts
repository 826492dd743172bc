import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbSearchHit } from '../../contract/kb-api.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { openSqlite } from '../db/sqlite.ts';
import { createKbSearch, KB_RANK_WINDOW, type KbSearch } from './kb-search.ts';
import { createKbStore } from './kb-store.ts';

/**
 * The ranking bound of kb-search.ts (KB_RANK_WINDOW newest matches per tier are scored) with a
 * window of 3, so a handful of articles exercises the path that 50k articles take for a term in
 * thousands of bodies. Real SQLite FTS5 in memory.
 */
const WINDOW = 3;
/** Same length for every body (six clauses of three tokens each), so bm25 orders by how often 滞纳金 occurs. */
const body = (times: number): string => '滞纳金，'.repeat(times) + '其他事，'.repeat(6 - times);

describe('knowledge-base search: ranking bounded to the newest matches', () => {
  let handle: DatabaseHandle;
  let bounded: KbSearch;
  let unbounded: KbSearch;
  const id: Record<string, number> = {};
  const ids = (hits: KbSearchHit[]): number[] => hits.map((h) => h.articleId);

  beforeAll(async () => {
    handle = openSqlite(':memory:');
    await migrateToLatest(handle.db);
    const store = createKbStore({ db: handle.db, now: () => 1_700_000_000_000 });
    bounded = createKbSearch({ db: handle.db, rankWindow: WINDOW });
    unbounded = createKbSearch({ db: handle.db });
    await store.upsertSpace({ id: 'cc', nameZh: '信用卡', nameEn: 'Cards', readRoles: ['agent'] });
    await store.upsertSpace({ id: 'wm', nameZh: '理财', nameEn: 'Wealth', readRoles: ['agent'] });
    // Oldest first: article ids grow in this order.
    const articles: [string, string, string, string][] = [
      ['wmOld', 'wm', '理财须知', body(1)],
      ['densestOld', 'cc', '旧规定', body(5)],
      ['titled', 'cc', '滞纳金说明', body(0)],
      ['once', 'cc', '账单一', body(1)],
      ['thrice', 'cc', '账单三', body(3)],
      ['twice', 'cc', '账单二', body(2)],
    ];
    for (const [key, space, title, text] of articles) {
      const draft = await store.create('ADM01', space, { title, body: text, mandatory: false });
      await store.publish('ADM01', draft.articleId, 1);
      id[key] = draft.articleId;
    }
  });
  afterAll(async () => {
    await handle.close();
  });

  it('ranks by bm25 among the newest matches of the body tier, after every title hit', async () => {
    expect(KB_RANK_WINDOW).toBeGreaterThanOrEqual(1_000);
    // Unbounded: the densest mention (the oldest cc article) leads the body tier.
    expect(ids(await unbounded.search({ query: '滞纳金', spaceIds: ['cc'] }))).toEqual([id.titled, id.densestOld, id.thrice, id.twice, id.once]);
    // Bounded to 3: the title tier (ranked whole) first, then the 3 newest matches, densest first; densestOld is not among them.
    expect(ids(await bounded.search({ query: '滞纳金', spaceIds: ['cc'] }))).toEqual([id.titled, id.thrice, id.twice, id.once]);
    expect(ids(await bounded.search({ query: '滞纳金', spaceIds: ['cc'], limit: 1 }))).toEqual([id.titled]);
  });

  it('still finds a reader\'s matches that are older than every space\'s newest ones', async () => {
    expect(ids(await bounded.search({ query: '滞纳金', spaceIds: ['wm'] }))).toEqual([id.wmOld]);
    expect(ids(await bounded.search({ query: '滞纳金', spaceIds: ['cc', 'wm'] }))).not.toContain(id.wmOld);
  });

  it('never returns a non-match, a duplicate or a body hit before a title hit, and is never empty when the spaces hold a match', async () => {
    const queries = ['滞纳金', '滞纳', '纳金', '金', '其他', '账单', '说明', '滞纳金 其他', '理财'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...queries), fc.subarray(['cc', 'wm'], { minLength: 1 }), fc.integer({ min: 1, max: 8 }), async (query, spaceIds, limit) => {
        const found = await bounded.search({ query, spaceIds, limit });
        const all = await unbounded.search({ query, spaceIds, limit: 50 });
        const matching = new Set(ids(all));
        expect(found.length).toBeLessThanOrEqual(limit);
        expect(new Set(ids(found)).size).toBe(found.length);
        for (const hit of found) expect(matching.has(hit.articleId)).toBe(true);
        const titled = found.map((h) => h.title.some((s) => s.hit) && query.split(' ').every((t) => h.title.map((s) => s.text).join('').includes(t)));
        if (titled.includes(false)) expect(titled.slice(titled.indexOf(false))).not.toContain(true);
        if (all.length > 0) expect(found.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });
});
