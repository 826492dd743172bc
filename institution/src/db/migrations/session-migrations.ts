import type { Kysely, Migration } from 'kysely';

/**
 * Sessions and operators after 0001: refresh-token reuse detection (0002), the team's display name (0005).
 * Ids and SQL never change: existing databases already ran them (migrations.ts lists them in order).
 */
/** 0002_refresh_reuse */
export const refreshReuseMigration: Migration = {
  // The refresh hash a rotation replaced: presenting it again means the token was copied.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sessions').addColumn('refresh_prev_hash', 'text').execute();
    await db.schema.createIndex('sessions_refresh_prev').on('sessions').column('refresh_prev_hash').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('sessions_refresh_prev').execute();
    await db.schema.alterTable('sessions').dropColumn('refresh_prev_hash').execute();
  },
};

/** 0005_operator_team_name */
export const operatorTeamNameMigration: Migration = {
  // The team's display name next to its id, so the desk can say 信用卡客服一组 instead of
  // `team-1`. Kept on the operator row (not a teams table) so every path that turns a row
  // into the wire Operator — login, me, admin — has it without another query.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('operators').addColumn('team_name', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('operators').dropColumn('team_name').execute();
  },
};
