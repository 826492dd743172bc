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
export function createKbSearch(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  /** Up to `limit` published articles in `spaceIds` matching `fts`, best first, skipping `exclude`. */
  async function ranked(fts: string, spaceIds: readonly string[], limit: number, exclude: ReadonlySet<number>): Promise<Row[]> {
    const spaces = sql.join(spaceIds.map((id) => sql`${id}`));
    // Rank inside FTS5 alone first (a join under the bm25 sort costs ~3× at 10k+ matches),
    // then keep the reader's spaces; only when that leaves too few, rank with the join.
    const window = (limit + exclude.size) * OVERFETCH;
    const found = await sql<{ rowid: number }>`SELECT rowid FROM kb_fts WHERE kb_fts MATCH ${fts} ORDER BY bm25(kb_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), rowid LIMIT ${window}`.execute(db);
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
    if (rows.length < limit && found.rows.length === window) {
      const result = await sql<Row>`
        SELECT a.id, a.space_id, v.version, v.mandatory, v.title, v.body
        FROM kb_fts f
        JOIN kb_articles a ON a.id = f.rowid
        JOIN kb_versions v ON v.article_id = a.id AND v.version = a.published_version
        WHERE kb_fts MATCH ${fts} AND a.space_id IN (${spaces})
        ORDER BY bm25(kb_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), a.id
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
      const about = await ranked(`{title} : (${fts})`, options.spaceIds, limit, new Set());
      const rows = about.length >= limit ? about : [...about, ...(await ranked(fts, options.spaceIds, limit - about.length, new Set(about.map((r) => r.id))))];
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
