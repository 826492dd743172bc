import type { Kysely } from 'kysely';
import type { KbArticleSummary, KbVersionStatus } from '../../contract/kb-api.ts';
import type { Database } from '../db/schema.ts';

/** Most articles one author listing returns (newest change first); the 50k benchmark set has far more per space. */
export const KB_AUTHOR_LIST_LIMIT = 500;

/**
 * The authors' view of a space: every article with its latest version (drafts included,
 * which readers never see) and the version readers see now.
 */
export function createKbAuthorList(deps: { db: Kysely<Database> }) {
  return {
    async articles(spaceId: string): Promise<KbArticleSummary[]> {
      const rows = await deps.db
        .selectFrom('kb_articles as a')
        .innerJoin('kb_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.latest_version'))
        .select(['a.id', 'a.space_id', 'a.latest_version', 'a.published_version', 'v.title', 'v.status', 'v.mandatory', 'v.created_at', 'v.published_at'])
        .where('a.space_id', '=', spaceId)
        .orderBy('v.created_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(KB_AUTHOR_LIST_LIMIT)
        .execute();
      return rows.map((r) => ({
        articleId: r.id,
        spaceId: r.space_id,
        title: r.title,
        latestVersion: r.latest_version,
        latestStatus: r.status as KbVersionStatus,
        publishedVersion: r.published_version,
        mandatory: r.mandatory === 1,
        updatedAt: new Date(Math.max(r.created_at, r.published_at ?? 0)).toISOString(),
      }));
    },
  };
}
