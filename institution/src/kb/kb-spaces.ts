import type { Kysely } from 'kysely';
import type { KbCreateSpaceRequest, KbSpace } from '../../contract/kb-api.ts';
import type { Role } from '../../contract/api.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';

/**
 * Space management by authors (kb.edit): create a space, set who may read it. The read
 * roles are the whole rule (kb-store.ts `canReadSpace`): search, reading, the mandatory queue
 * and the push audience all ask it on every request, so a change applies from the next one.
 * Seeds use kb-store's `upsertSpace`; this never overwrites an existing space.
 */
export function createKbSpaces(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;

  async function find(id: string): Promise<KbSpace | undefined> {
    const row = await db.selectFrom('kb_spaces').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : { id: row.id, nameZh: row.name_zh, nameEn: row.name_en, readRoles: JSON.parse(row.read_roles) as Role[] };
  }

  return {
    /** The new space; 409 when the id is taken (the existing space is left as it was). */
    async create(request: KbCreateSpaceRequest): Promise<KbSpace> {
      const result = await db
        .insertInto('kb_spaces')
        .values({ id: request.id, name_zh: request.nameZh, name_en: request.nameEn, read_roles: JSON.stringify(request.readRoles), created_at: now() })
        .onConflict((c) => c.column('id').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) throw new ApiFailure('conflict', `space ${request.id} already exists`);
      return { id: request.id, nameZh: request.nameZh, nameEn: request.nameEn, readRoles: [...request.readRoles] };
    },

    /** Replaces the space's read roles; the space as it was before and after. 404 for an unknown space. */
    /** `changed`: the set of roles differs (roles are each listed once; order does not count). */
    async setReadRoles(id: string, readRoles: readonly Role[]): Promise<{ before: KbSpace; after: KbSpace; changed: boolean }> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('kb_spaces').selectAll().where('id', '=', id).executeTakeFirst();
        if (row === undefined) throw new ApiFailure('not_found', 'no such space');
        await trx.updateTable('kb_spaces').set({ read_roles: JSON.stringify(readRoles) }).where('id', '=', id).execute();
        const before: KbSpace = { id: row.id, nameZh: row.name_zh, nameEn: row.name_en, readRoles: JSON.parse(row.read_roles) as Role[] };
        const changed = before.readRoles.length !== readRoles.length || !readRoles.every((role) => before.readRoles.includes(role));
        return { before, after: { ...before, readRoles: [...readRoles] }, changed };
      });
    },

    find,
  };
}

export type KbSpaces = ReturnType<typeof createKbSpaces>;
