import type { Kysely } from 'kysely';
import type { Role } from '../../contract/api.ts';
import type { KbMandatoryResponse, KbSpace, KbUnreadResponse } from '../../contract/kb-api.ts';
import { permissionsFor } from '../auth/permissions.ts';
import type { Database } from '../db/schema.ts';
import { canReadSpace, type KbReader } from './kb-store.ts';

/**
 * Mandatory reads: the reader's queue of mandatory published versions not yet acknowledged
 * (a new version is a new item: acknowledgements are per version), and the authors' view of
 * who has not read an article's published version.
 */
export function createKbReads(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    async pending(reader: KbReader, spaces: readonly KbSpace[]): Promise<KbMandatoryResponse['pending']> {
      const readable = spaces.filter((s) => canReadSpace(reader, s)).map((s) => s.id);
      if (readable.length === 0) return [];
      const rows = await db
        .selectFrom('kb_articles as a')
        .innerJoin('kb_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.published_version'))
        .leftJoin('kb_acknowledgements as k', (j) => j.onRef('k.article_id', '=', 'a.id').onRef('k.version', '=', 'v.version').on('k.operator_id', '=', reader.operatorId))
        .select(['a.id', 'a.space_id', 'v.version', 'v.title'])
        .where('v.mandatory', '=', 1)
        .where('a.space_id', 'in', readable)
        .where('k.operator_id', 'is', null)
        .orderBy('v.published_at')
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({ articleId: r.id, spaceId: r.space_id, version: r.version, title: r.title }));
    },

    /** Enabled operators who may read the space (kb.read and a listed role) without an acknowledgement of `version`. */
    async unread(articleId: number, version: number, space: KbSpace): Promise<KbUnreadResponse> {
      const operators = await db.selectFrom('operators').select(['id', 'display_name', 'roles']).where('disabled', '=', 0).orderBy('id').execute();
      const acked = new Set(
        (await db.selectFrom('kb_acknowledgements').select('operator_id').where('article_id', '=', articleId).where('version', '=', version).execute()).map((r) => r.operator_id),
      );
      const readers = operators.filter((o) => {
        const roles = JSON.parse(o.roles) as Role[];
        return permissionsFor(roles).includes('kb.read') && space.readRoles.some((r) => roles.includes(r));
      });
      return { articleId, version, operators: readers.filter((o) => !acked.has(o.id)).map((o) => ({ id: o.id, displayName: o.display_name })) };
    },
  };
}

export type KbReads = ReturnType<typeof createKbReads>;
