import type { Kysely } from 'kysely';
import type { KbVersion } from '../../contract/kb-api.ts';
import type { Database } from '../db/schema.ts';

/**
 * Adds the author's and publisher's display names to versions (one query for all of them), so
 * an author's history and a reader's article say 刘洋, not ADM02. An operator the institution
 * no longer has keeps only the id (operators are never deleted today; the log outlives them).
 */
export async function withOperatorNames(db: Kysely<Database>, versions: readonly KbVersion[]): Promise<KbVersion[]> {
  const ids = [...new Set(versions.flatMap((v) => (v.publishedBy === null ? [v.authorId] : [v.authorId, v.publishedBy])))];
  const rows = ids.length === 0 ? [] : await db.selectFrom('operators').select(['id', 'display_name']).where('id', 'in', ids).execute();
  const names = new Map(rows.map((r) => [r.id, r.display_name]));
  return versions.map((v) => {
    const authorName = names.get(v.authorId);
    const publishedByName = v.publishedBy === null ? undefined : names.get(v.publishedBy);
    return { ...v, ...(authorName === undefined ? {} : { authorName }), ...(publishedByName === undefined ? {} : { publishedByName }) };
  });
}
