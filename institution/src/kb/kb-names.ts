import type { Kysely } from 'kysely';
import type { KbVersion } from '../../contract/kb-api.ts';
import type { Database } from '../db/schema.ts';
import { operatorNames } from '../operators/operator-names.ts';

/**
 * Adds the author's and publisher's display names to versions (one query for all of them), so
 * an author's history and a reader's article say 刘洋, not ADM02. An operator the institution
 * no longer has keeps only the id (operators are never deleted today; the log outlives them).
 */
export async function withOperatorNames(db: Kysely<Database>, versions: readonly KbVersion[]): Promise<KbVersion[]> {
  const names = await operatorNames(
    db,
    versions.flatMap((v) => (v.publishedBy === null ? [v.authorId] : [v.authorId, v.publishedBy])),
  );
  return versions.map((v) => {
    const authorName = names.get(v.authorId);
    const publishedByName = v.publishedBy === null ? undefined : names.get(v.publishedBy);
    return { ...v, ...(authorName === undefined ? {} : { authorName }), ...(publishedByName === undefined ? {} : { publishedByName }) };
  });
}
