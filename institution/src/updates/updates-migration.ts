import type { Kysely, Migration } from 'kysely';

/**
 * The update server's tables (migration 0013). Releases keep the signed manifest exactly as
 * IT uploaded it (the server never re-serializes what desks verify); artifacts are files
 * in the data directory named by their sha512, so a row here only says they are complete.
 */
export const updatesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('update_artifacts')
      .addColumn('sha512', 'text', (c) => c.primaryKey())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('update_releases')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('signed', 'text', (c) => c.notNull())
      .addColumn('rollout_percent', 'integer', (c) => c.notNull())
      .addColumn('rollout_groups', 'text', (c) => c.notNull())
      .addColumn('halted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('published_by', 'text', (c) => c.notNull())
      .addColumn('published_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('update_releases_pk', ['channel', 'version'])
      .execute();
    await db.schema
      .createTable('update_group_members')
      .addColumn('group_name', 'text', (c) => c.notNull())
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('update_group_members_pk', ['group_name', 'workstation_id'])
      .execute();
    await db.schema
      .createTable('update_results')
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('update_results_version').on('update_results').columns(['version', 'outcome']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['update_results', 'update_group_members', 'update_releases', 'update_artifacts']) await db.schema.dropTable(table).execute();
  },
};
