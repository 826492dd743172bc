import type { Kysely, Migration } from 'kysely';

/**
 * The first schema (0001): institution settings, operators, sessions, workstations and their audit.
 * Ids and SQL never change: existing databases already ran them (migrations.ts lists them in order).
 */
/** 0001_initial */
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('institution_settings')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('institution_id', 'text', (c) => c.notNull())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('profile_serial', 'integer', (c) => c.notNull())
      .addColumn('profile_fingerprint', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('operators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('totp_secret', 'text')
      .addColumn('totp_last_step', 'bigint')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('access_hash', 'text', (c) => c.notNull().unique())
      .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
      .addColumn('refresh_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('revoked_reason', 'text')
      .execute();
    await db.schema.createIndex('sessions_operator').on('sessions').column('operator_id').execute();

    await db.schema
      .createTable('workstations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
      .addColumn('enrolled_by', 'text', (c) => c.notNull().references('operators.id'))
      .addColumn('head_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('workstation_id', 'text', (c) => c.notNull().references('workstations.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('audit_events_ws_seq', ['workstation_id', 'seq'])
      .execute();

    await db.schema
      .createTable('audit_flags')
      .addColumn('workstation_id', 'text', (c) => c.notNull().references('workstations.id'))
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_flags_pk', ['workstation_id', 'n'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['audit_flags', 'audit_events', 'workstations', 'sessions', 'operators', 'institution_settings']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
