import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Display names of the given operators, in one query. An operator the institution no longer has
 * is absent from the map (operators are never deleted today; logs that name them outlive them).
 */
export async function operatorNames(db: Kysely<Database>, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('operators').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
