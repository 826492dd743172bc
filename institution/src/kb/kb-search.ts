import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { KB_MAX_QUERY } from '../../contract/kb-api.ts';
import type { KbSearchHit } from '../../contract/kb-api.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { queryTerms } from './bigram-index.ts';
import { highlightAll, snippet } from './kb-snippets.ts';

/** Terms per query: more is not a search, it is a paste. */
export const KB_MAX_TERMS = 12;
export const KB_MAX_HITS = 50;

/**
 * bm25 column weights (title, body): a term in the title outranks the same term in a body,
 * so an article *about* 挂失 comes before one that mentions it.
 */
const TITLE_WEIGHT = 10;
const BODY_WEIGHT = 1;
/** FTS5-only ranking fetches this many times the page before filtering by space. */
const OVERFETCH = 4;
/**
 * At most this many matches of the second tier (not every term in the title) are scored by
 * bm25: the newest ones (highest article id). bm25 decodes each match's positions and reads its
 * column sizes, so a term in 15–18 % of 50k bodies and in no title (手续费, 违约金, 验证码: the
 * title tier is empty) meant ≈ 8k scorings per keystroke — 17 ms of CPU at p95, over the 15 ms
 * target (docs/benchmarks.md). FTS5 walks a doclist in rowid order, either way, without
 * scoring, so an inner query takes the matches newest first, scores them as it goes and stops
 * after the window; the outer one sorts that window by score. One pass: a separate "find the
 * bound" query walked the tier twice and made 4+ character queries slower (measured).
 *
 * Why this and not a title-and-lead column: in real articles (and the benchmark corpus) a common
 * term sits early in thousands of bodies (手续费 is in the first 300 characters of 84 % of the
 * bodies that have it), so a lead tier would be nearly as large as the body tier. Why newest:
 * a term in more than 2,000 bodies and no title says little about any one article; bm25 among
 * 2,000 still puts the densest mentions first, and newer articles are the likelier current ones.
 * The title tier (articles *about* the terms) is ranked whole: it is a few % of the corpus for a
 * common word, its order matters most, and the windowed query cost ~15 % more on a tier smaller
 * than the window (every row passes through the outer sort; measured on 1.5k title matches).
 */
export const KB_RANK_WINDOW = 2_000;

export interface KbSearchOptions {
  query: string;
  /** Spaces the caller may read (the route resolves them); empty: no hits. */
  spaceIds: readonly string[];
  limit?: number;
}

interface Row {
  id: number;
  space_id: string;
  version: number;
  mandatory: number;
  title: string;
  body: string;
}

/** Validates and turns the query into terms; 400 for empty, oversized or over-long queries. */
export function parseQuery(query: string): { fts: string; texts: string[] } {
  if (query.length > KB_MAX_QUERY) throw new ApiFailure('bad_request', `the query is longer than ${KB_MAX_QUERY} characters`);
  const terms = queryTerms(query);
  if (terms.length === 0) throw new ApiFailure('bad_request', 'the query has no letters or digits');
  if (terms.length > KB_MAX_TERMS) throw new ApiFailure('bad_request', `the query has more than ${KB_MAX_TERMS} terms`);
  return { fts: terms.map((t) => t.fts).join(' AND '), texts: terms.map((t) => t.text) };
}

/**
 * Full-text search over the published versions, in two tiers: articles with every term in
 * the title (articles *about* it), then the others, each tier by bm25 with the title weighted;
 * highlighted in TS. The title tier alone usually fills the page, and ranking it touches only
 * the title matches — a two-character word in a third of 50k bodies is in a few % of titles.
 */
export function createKbSearch(deps: { db: Kysely<Database>; /** null: rank every match (the benchmark's before-and-after). */ rankWindow?: number | null }) {
  const { db } = deps;
  const rankWindow = deps.rankWindow === null ? null : Math.max(1, deps.rankWindow ?? KB_RANK_WINDOW);

  /**
   * Up to `limit` published articles in `spaceIds` matching `fts`, best first, skipping `exclude`;
   * `bounded`: among the newest `rankWindow` matches only.
   */
  async function ranked(fts: string, spaceIds: readonly string[], limit: number, exclude: ReadonlySet<number>, bounded: boolean): Promise<Row[]> {
    const cap = bounded ? rankWindow : null;
    const spaces = sql.join(spaceIds.map((id) => sql`${id}`));
    // Rank inside FTS5 alone first (a join under the bm25 sort costs ~3× at 10k+ matches),
    // then keep the reader's spaces; only when that leaves too few, rank with the join.
    const window = (limit + exclude.size) * OVERFETCH;
    const bm25 = sql`bm25(kb_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT})`;
    // The newest `rankWindow` matches, scored while walked (see KB_RANK_WINDOW); null: all of them.
    const bound = cap === null ? sql`` : sql`ORDER BY rowid DESC LIMIT ${cap}`;
    const found = await sql<{ rowid: number }>`
      SELECT rowid FROM (SELECT rowid, ${bm25} AS score FROM kb_fts WHERE kb_fts MATCH ${fts} ${bound})
      ORDER BY score, rowid LIMIT ${window}`.execute(db);
    const order = found.rows.map((r) => r.rowid).filter((id) => !exclude.has(id));
    let rows: Row[] = [];
    if (order.length > 0) {
      const result = await sql<Row>`
        SELECT a.id, a.space_id, v.version, v.mandatory, v.title, v.body
        FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = a.published_version
        WHERE a.id IN (${sql.join(order.map((id) => sql`${id}`))}) AND a.space_id IN (${spaces})`.execute(db);
      const byId = new Map(result.rows.map((r) => [r.id, r]));
      rows = order.flatMap((id) => byId.get(id) ?? []).slice(0, limit);
    }
    // Too few in the reader's spaces while there may be more (the overfetch was full, or the
    // window of every space's newest matches cut some off): rank the reader's own newest matches.
    if (rows.length < limit && found.rows.length === Math.min(window, cap ?? window)) {
      const ownBound = cap === null ? sql`` : sql`ORDER BY f.rowid DESC LIMIT ${cap}`;
      const result = await sql<Row>`
        SELECT a.id, a.space_id, v.version, v.mandatory, v.title, v.body
        FROM (
          SELECT f.rowid AS id, ${bm25} AS score FROM kb_fts f JOIN kb_articles a ON a.id = f.rowid
          WHERE kb_fts MATCH ${fts} AND a.space_id IN (${spaces}) ${ownBound}
        ) m
        JOIN kb_articles a ON a.id = m.id
        JOIN kb_versions v ON v.article_id = a.id AND v.version = a.published_version
        ORDER BY m.score, a.id
        LIMIT ${limit + exclude.size}`.execute(db);
      rows = result.rows.filter((r) => !exclude.has(r.id)).slice(0, limit);
    }
    return rows;
  }

  return {
    async search(options: KbSearchOptions): Promise<KbSearchHit[]> {
      const { fts, texts } = parseQuery(options.query);
      if (options.spaceIds.length === 0) return [];
      const limit = Math.min(Math.max(1, options.limit ?? 20), KB_MAX_HITS);
      // Column filter on a parenthesised expression: every term in the title.
      // The title tier is ranked whole (see KB_RANK_WINDOW), the rest among its newest matches.
      const about = await ranked(`{title} : (${fts})`, options.spaceIds, limit, new Set(), false);
      const rows = about.length >= limit ? about : [...about, ...(await ranked(fts, options.spaceIds, limit - about.length, new Set(about.map((r) => r.id)), true))];
      return rows.map((r) => ({
        articleId: r.id,
        spaceId: r.space_id,
        version: r.version,
        mandatory: r.mandatory === 1,
        title: highlightAll(r.title, texts),
        snippet: snippet(r.body, texts),
      }));
    },
  };
}

export type KbSearch = ReturnType<typeof createKbSearch>;
