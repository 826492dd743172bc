import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Workstations after 0001: registration with IT's one-time code (0003); key proof, anchored audit
 * heads, the institution's own record of each workstation and the minimum profile serial (0006).
 * Ids and SQL never change: existing databases already ran them (migrations.ts lists them in order).
 */
/** 0003_workstation_registrations */
export const workstationRegistrationsMigration: Migration = {
  // Workstations are provisioned by IT with a one-time code instead of being enrolled
  // trust-on-first-use by any operator's session, so `enrolled_by` no longer names an
  // operator for new rows. SQLite cannot drop a NOT NULL or a foreign key in place: the
  // table is rebuilt (sqlite.org/lang_altertable.html, "other kinds of table schema
  // changes"). Kysely runs SQLite migrations outside a transaction, so foreign keys can be
  // switched off around it; PostgreSQL would simply `ALTER COLUMN enrolled_by DROP NOT NULL`.
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    try {
      await db.transaction().execute(async (trx) => {
        await trx.schema
          .createTable('workstations_next')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
          .addColumn('enrolled_by', 'text')
          .addColumn('head_seq', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await sql`INSERT INTO workstations_next (id, public_key, enrolled_at, enrolled_by, head_seq)
                    SELECT id, public_key, enrolled_at, enrolled_by, head_seq FROM workstations`.execute(trx);
        await trx.schema.dropTable('workstations').execute();
        await trx.schema.alterTable('workstations_next').renameTo('workstations').execute();
        const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
        if (broken.rows.length > 0) throw new Error('foreign keys broken by the workstations rebuild');

        await trx.schema
          .createTable('workstation_registrations')
          .addColumn('workstation_id', 'text', (c) => c.primaryKey())
          .addColumn('code_hash', 'text', (c) => c.notNull())
          .addColumn('code_expires_at', 'bigint', (c) => c.notNull())
          .addColumn('registered_at', 'bigint', (c) => c.notNull())
          .addColumn('registered_by', 'text', (c) => c.references('operators.id'))
          .addColumn('used_at', 'bigint')
          .execute();
      });
    } finally {
      await sql`PRAGMA foreign_keys = ON`.execute(db);
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    // `enrolled_by` stays nullable: rows enrolled with a code have no operator to restore.
    await db.schema.dropTable('workstation_registrations').execute();
  },
};

/** 0006_workstation_proof_and_anchors */
export const workstationProofAndAnchorsMigration: Migration = {
  // Proof of the workstation key on login/refresh/unlock (single-use challenges), audit
  // heads anchored by the workstation, the institution's own record of what it saw of each
  // workstation, and the minimum site-profile serial. No foreign keys to `workstations`:
  // these are evidence and must outlive a workstation row an administrator removes.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('workstation_challenges')
      .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('workstation_challenges_ws').on('workstation_challenges').columns(['workstation_id', 'issued_at']).execute();

    await db.schema
      .createTable('audit_anchors')
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_anchors_pk', ['workstation_id', 'seq'])
      .execute();

    await db.schema
      .createTable('server_events')
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('server_events_pk', ['workstation_id', 'n'])
      .execute();

    await db.schema.alterTable('sessions').addColumn('profile_serial', 'integer').execute();
    await db.schema.alterTable('institution_settings').addColumn('min_profile_serial', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('institution_settings').dropColumn('min_profile_serial').execute();
    await db.schema.alterTable('sessions').dropColumn('profile_serial').execute();
    for (const table of ['server_events', 'audit_anchors', 'workstation_challenges']) await db.schema.dropTable(table).execute();
  },
};
