import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * The knowledge base's tables. `kb_fts` is an FTS5 table over tokens made in TypeScript
 * (bigram-index.ts) with the `ascii` tokenizer, so SQLite only splits on spaces; a
 * PostgreSQL adapter would index the same token strings (e.g. a tsvector of them).
 */
export const kbMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('kb_spaces')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('read_roles', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('kb_articles')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('space_id', 'text', (c) => c.notNull().references('kb_spaces.id'))
      .addColumn('latest_version', 'integer', (c) => c.notNull())
      .addColumn('published_version', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('kb_versions')
      .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('mandatory', 'integer', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('published_at', 'bigint')
      .addColumn('published_by', 'text')
      .addPrimaryKeyConstraint('kb_versions_pk', ['article_id', 'version'])
      .execute();
    await db.schema
      .createTable('kb_acknowledgements')
      .addColumn('article_id', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
      .addColumn('acknowledged_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('kb_acknowledgements_pk', ['article_id', 'version', 'operator_id'])
      .execute();
    await sql`CREATE VIRTUAL TABLE kb_fts USING fts5(title, body, tokenize = 'ascii')`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`DROP TABLE kb_fts`.execute(db);
    for (const table of ['kb_acknowledgements', 'kb_versions', 'kb_articles', 'kb_spaces']) await db.schema.dropTable(table).execute();
  },
};
