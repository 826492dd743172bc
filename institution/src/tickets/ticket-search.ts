import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isCleanName } from '../../contract/clean-text.ts';
import type { Database } from '../db/schema.ts';
import { operatorNames } from '../operators/operator-names.ts';
import type { TicketRow } from './ticket-store.ts';

/**
 * `GET /tickets?q=`: which tickets a search text matches. The institution holds sealed fields
 * only as envelopes it must not open for a search, so only what it can read plainly is
 * matched: the ticket id (prefix), the type's name (zh/en), the filer's and handler's id or
 * display name, and the values of the type's non-`x-sensitive` fields. Matching is done here,
 * not in SQL, because "plain" is decided by the type version's schema.
 */

export const TICKET_SEARCH_MAX = 64;

/** The search text as matched (trimmed, lower case), or null when it is not acceptable. */
export function normalizeTicketSearch(raw: string): string | null {
  if (!isCleanName(raw)) return null;
  const text = raw.trim();
  if (text.length < 1 || text.length > TICKET_SEARCH_MAX) return null;
  return text.toLowerCase();
}

/** A short tag of the search text, bound into the cursor so a cursor is only valid for the same q. */
export function searchTag(normalized: string): string {
  return createHash('sha256').update(`ticket-search\u0000${normalized}`).digest('base64url').slice(0, 11);
}

/** Does it look like a sealed envelope? Never searched even where a schema is missing or odd. */
function isEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('ct' in value || 'alg' in value || 'epk' in value);
}

/** The plain (not `x-sensitive`) leaf values of `data`, walked alongside its schema. */
export function plainValues(schema: unknown, data: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 32 || isEnvelope(data)) return out;
  const node = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
  if (node['x-sensitive'] === true) return out;
  if (typeof data === 'string' || typeof data === 'number' || typeof data === 'boolean') {
    out.push(String(data));
  } else if (Array.isArray(data)) {
    for (const item of data) plainValues(node.items, item, out, depth + 1);
  } else if (typeof data === 'object' && data !== null) {
    const properties = (typeof node.properties === 'object' && node.properties !== null ? node.properties : {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(data)) {
      // A property the schema does not describe is not known to be plain: skip it.
      if (!(key in properties)) continue;
      plainValues(properties[key], value, out, depth + 1);
    }
  }
  return out;
}

interface TypeVersionInfo {
  names: string[];
  schema: unknown;
}

/** Decides, row by row, whether a ticket matches a normalized search text. */
export interface TicketMatcher {
  matches(rows: readonly TicketRow[]): Promise<TicketRow[]>;
}

/** A stored schema, or null (then no field counts as plain). */
function parsedSchema(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function createTicketMatcher(db: Kysely<Database>, needle: string): Promise<TicketMatcher> {
  const versions = await db.selectFrom('ticket_type_versions').select(['type_id', 'version', 'name_zh', 'name_en', 'schema']).execute();
  const byVersion = new Map<string, TypeVersionInfo>();
  for (const v of versions) {
    byVersion.set(`${v.type_id}@${v.version}`, { names: [v.name_zh, v.name_en], schema: parsedSchema(v.schema) });
  }
  const has = (text: string | null | undefined): boolean => typeof text === 'string' && text.toLowerCase().includes(needle);
  /** The filer and, once assigned, the handler. */
  const people = (row: TicketRow): string[] => (row.assignee === null ? [row.filed_by] : [row.filed_by, row.assignee]);

  return {
    async matches(rows) {
      const names = await operatorNames(db, rows.flatMap(people));
      return rows.filter((row) => {
        if (row.id.toLowerCase().startsWith(needle)) return true;
        const version = byVersion.get(`${row.type_id}@${row.type_version}`);
        if (version?.names.some(has) === true) return true;
        for (const who of people(row)) {
          if (has(who) || has(names.get(who))) return true;
        }
        if (version === undefined) return false;
        let data: unknown;
        try {
          data = JSON.parse(row.data);
        } catch {
          return false;
        }
        return plainValues(version.schema, data).some(has);
      });
    },
  };
}
