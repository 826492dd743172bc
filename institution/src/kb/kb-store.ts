import { sql } from 'kysely';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { KbSpace, KbVersion, KbVersionStatus } from '../../contract/kb-api.ts';
import type { Role } from '../../contract/api.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { indexTokens } from './bigram-index.ts';
import type { KbVersionsTable } from './kb-schema.ts';

export interface ArticleDraft {
  title: string;
  body: string;
  mandatory: boolean;
}

/** Who asks: authors (kb.edit) see every space; readers only spaces listing one of their roles. */
export interface KbReader {
  operatorId: string;
  roles: readonly Role[];
  author: boolean;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toVersion(row: Selectable<KbVersionsTable>, spaceId: string): KbVersion {
  return {
    articleId: row.article_id,
    spaceId,
    version: row.version,
    status: row.status as KbVersionStatus,
    title: row.title,
    body: row.body,
    mandatory: row.mandatory === 1,
    authorId: row.author_id,
    createdAt: new Date(row.created_at).toISOString(),
    publishedAt: iso(row.published_at),
    publishedBy: row.published_by,
  };
}

export function canReadSpace(reader: KbReader, space: KbSpace): boolean {
  return reader.author || space.readRoles.some((role) => reader.roles.includes(role));
}

/** Spaces, articles and their versions; every state change is one transaction. */
export function createKbStore(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;

  async function spaces(): Promise<KbSpace[]> {
    const rows = await db.selectFrom('kb_spaces').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, nameZh: r.name_zh, nameEn: r.name_en, readRoles: JSON.parse(r.read_roles) as Role[] }));
  }

  async function article(trx: Kysely<Database> | Transaction<Database>, articleId: number) {
    const row = await trx.selectFrom('kb_articles').selectAll().where('id', '=', articleId).executeTakeFirst();
    if (row === undefined) throw new ApiFailure('not_found', 'no such article');
    return row;
  }

  /** The article's space if the reader may see it; 404 otherwise (its existence is not revealed). */
  async function readableSpace(reader: KbReader, spaceId: string): Promise<KbSpace> {
    const space = (await spaces()).find((s) => s.id === spaceId);
    if (space === undefined || !canReadSpace(reader, space)) throw new ApiFailure('not_found', 'no such space');
    return space;
  }

  /** For a reader naming an article: one in a space they cannot see answers exactly like a missing article. */
  async function readableArticleSpace(reader: KbReader, spaceId: string): Promise<void> {
    const space = (await spaces()).find((s) => s.id === spaceId);
    if (space === undefined || !canReadSpace(reader, space)) throw new ApiFailure('not_found', 'no such article');
  }

  async function versionRow(trx: Kysely<Database> | Transaction<Database>, articleId: number, version: number) {
    const row = await trx.selectFrom('kb_versions').selectAll().where('article_id', '=', articleId).where('version', '=', version).executeTakeFirst();
    if (row === undefined) throw new ApiFailure('not_found', 'no such version');
    return row;
  }

  async function reindex(trx: Transaction<Database>, articleId: number, content: { title: string; body: string } | null): Promise<void> {
    await sql`DELETE FROM kb_fts WHERE rowid = ${articleId}`.execute(trx);
    if (content !== null) await sql`INSERT INTO kb_fts (rowid, title, body) VALUES (${articleId}, ${indexTokens(content.title)}, ${indexTokens(content.body)})`.execute(trx);
  }

  /** `publish`, also telling whether the version it replaced (null: none) was mandatory, for the action log. */
  async function publishTracked(publisherId: string, articleId: number, version: number): Promise<{ published: KbVersion; previousMandatory: boolean | null }> {
    return db.transaction().execute(async (trx) => {
      const current = await article(trx, articleId);
      const row = await versionRow(trx, articleId, version);
      if (version !== current.latest_version || row.status !== 'draft') throw new ApiFailure('conflict', `version ${version} is not the latest draft`);
      const previous = current.published_version === null ? null : await versionRow(trx, articleId, current.published_version);
      const at = now();
      await trx.updateTable('kb_versions').set({ status: 'superseded' }).where('article_id', '=', articleId).where('status', '=', 'published').execute();
      await trx.updateTable('kb_versions').set({ status: 'published', published_at: at, published_by: publisherId }).where('article_id', '=', articleId).where('version', '=', version).execute();
      await trx.updateTable('kb_articles').set({ published_version: version }).where('id', '=', articleId).execute();
      await reindex(trx, articleId, row);
      const published = toVersion({ ...row, status: 'published', published_at: at, published_by: publisherId }, current.space_id);
      return { published, previousMandatory: previous === null ? null : previous.mandatory === 1 };
    });
  }

  return {
    spaces,
    readableSpace,

    async upsertSpace(space: KbSpace): Promise<void> {
      const values = { id: space.id, name_zh: space.nameZh, name_en: space.nameEn, read_roles: JSON.stringify(space.readRoles), created_at: now() };
      await db
        .insertInto('kb_spaces')
        .values(values)
        .onConflict((c) => c.column('id').doUpdateSet({ name_zh: values.name_zh, name_en: values.name_en, read_roles: values.read_roles }))
        .execute();
    },

    async create(authorId: string, spaceId: string, draft: ArticleDraft): Promise<KbVersion> {
      if ((await spaces()).every((s) => s.id !== spaceId)) throw new ApiFailure('not_found', 'no such space');
      return db.transaction().execute(async (trx) => {
        const at = now();
        const inserted = await trx.insertInto('kb_articles').values({ space_id: spaceId, latest_version: 1, published_version: null, created_at: at }).returning('id').executeTakeFirstOrThrow();
        const row = { article_id: inserted.id, version: 1, status: 'draft', title: draft.title, body: draft.body, mandatory: draft.mandatory ? 1 : 0, author_id: authorId, created_at: at, published_at: null, published_by: null };
        await trx.insertInto('kb_versions').values(row).execute();
        return toVersion(row, spaceId);
      });
    },

    /**
     * Seeds published articles in one transaction (demo data, benchmarks): each is version 1,
     * published by its author at once. No push, no validation beyond the space's existence.
     */
    async importPublished(authorId: string, articles: readonly (ArticleDraft & { spaceId: string })[]): Promise<number[]> {
      const known = new Set((await spaces()).map((s) => s.id));
      const missing = articles.find((a) => !known.has(a.spaceId));
      if (missing !== undefined) throw new ApiFailure('not_found', `no such space: ${missing.spaceId}`);
      return db.transaction().execute(async (trx) => {
        const ids: number[] = [];
        for (const a of articles) {
          const at = now();
          const { id } = await trx.insertInto('kb_articles').values({ space_id: a.spaceId, latest_version: 1, published_version: 1, created_at: at }).returning('id').executeTakeFirstOrThrow();
          await trx
            .insertInto('kb_versions')
            .values({ article_id: id, version: 1, status: 'published', title: a.title, body: a.body, mandatory: a.mandatory ? 1 : 0, author_id: authorId, created_at: at, published_at: at, published_by: authorId })
            .execute();
          await reindex(trx, id, a);
          ids.push(id);
        }
        return ids;
      });
    },

    /** A new draft; `baseVersion` must be the latest, so two authors editing the same version cannot overwrite each other. */
    async edit(authorId: string, articleId: number, baseVersion: number, draft: ArticleDraft): Promise<KbVersion> {
      return db.transaction().execute(async (trx) => {
        const current = await article(trx, articleId);
        if (current.latest_version !== baseVersion) throw new ApiFailure('conflict', `version ${baseVersion} is not the latest (${current.latest_version}); reload and edit that`);
        const version = baseVersion + 1;
        const row = { article_id: articleId, version, status: 'draft', title: draft.title, body: draft.body, mandatory: draft.mandatory ? 1 : 0, author_id: authorId, created_at: now(), published_at: null, published_by: null };
        await trx.insertInto('kb_versions').values(row).execute();
        await trx.updateTable('kb_articles').set({ latest_version: version }).where('id', '=', articleId).execute();
        return toVersion(row, current.space_id);
      });
    },

    /** Publishes the latest draft; an older or already published version is a conflict (a replayed or stale publish). */
    async publish(publisherId: string, articleId: number, version: number): Promise<KbVersion> {
      return (await publishTracked(publisherId, articleId, version)).published;
    },

    publishTracked,

    /** Takes the published version off the shelf (search, reading, the mandatory queue). */
    async retire(articleId: number, version: number): Promise<KbVersion> {
      return db.transaction().execute(async (trx) => {
        const current = await article(trx, articleId);
        if (current.published_version !== version) throw new ApiFailure('conflict', `version ${version} is not the published version`);
        const row = await versionRow(trx, articleId, version);
        await trx.updateTable('kb_versions').set({ status: 'retired' }).where('article_id', '=', articleId).where('version', '=', version).execute();
        await trx.updateTable('kb_articles').set({ published_version: null }).where('id', '=', articleId).execute();
        await reindex(trx, articleId, null);
        return toVersion({ ...row, status: 'retired' }, current.space_id);
      });
    },

    /** The published version for a reader (404 when unpublished or in a space the reader cannot see). */
    async published(reader: KbReader, articleId: number): Promise<KbVersion> {
      const current = await article(db, articleId);
      await readableArticleSpace(reader, current.space_id);
      if (current.published_version === null) throw new ApiFailure('not_found', 'the article is not published');
      return toVersion(await versionRow(db, articleId, current.published_version), current.space_id);
    },

    /** Every version, newest first, with author and times (authors only; checked by the route). */
    async history(articleId: number): Promise<KbVersion[]> {
      const current = await article(db, articleId);
      const rows = await db.selectFrom('kb_versions').selectAll().where('article_id', '=', articleId).orderBy('version', 'desc').execute();
      return rows.map((r) => toVersion(r, current.space_id));
    },

    /** Records that the reader read `version`; only the published version counts (an old one is a conflict). `recorded`: false when it already was. */
    async acknowledge(reader: KbReader, articleId: number, version: number): Promise<{ recorded: boolean; spaceId: string }> {
      const current = await article(db, articleId);
      await readableArticleSpace(reader, current.space_id);
      if (current.published_version !== version) throw new ApiFailure('conflict', `version ${version} is not the published version`);
      const result = await db
        .insertInto('kb_acknowledgements')
        .values({ article_id: articleId, version, operator_id: reader.operatorId, acknowledged_at: now() })
        .onConflict((c) => c.columns(['article_id', 'version', 'operator_id']).doNothing())
        .executeTakeFirst();
      return { recorded: Number(result.numInsertedOrUpdatedRows ?? 0n) > 0, spaceId: current.space_id };
    },

    async articleSpace(articleId: number): Promise<string> {
      return (await article(db, articleId)).space_id;
    },
    /** The published version number, or 409 when none is published. */
    async publishedVersion(articleId: number): Promise<number> {
      const current = await article(db, articleId);
      if (current.published_version === null) throw new ApiFailure('conflict', 'the article is not published');
      return current.published_version;
    },
  };
}

export type KbStore = ReturnType<typeof createKbStore>;
