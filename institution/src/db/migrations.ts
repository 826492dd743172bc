import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Database } from './schema.ts';
import { staffActionsMigration } from '../audit/staff-actions.ts';
import { kbMigration } from '../kb/kb-migration.ts';
import { kbImagesMigration } from '../kb/kb-images.ts';
import { updatesMigration } from '../updates/updates-migration.ts';
import { ticketsMigration } from '../tickets/ticket-migration.ts';

/**
 * Schema migrations, in code so the server needs no migration folder at run time.
 * Only portable column types are used (text, integer, bigint); see schema.ts.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
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
  },
  '0002_refresh_reuse': {
    // The refresh hash a rotation replaced: presenting it again means the token was copied.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sessions').addColumn('refresh_prev_hash', 'text').execute();
      await db.schema.createIndex('sessions_refresh_prev').on('sessions').column('refresh_prev_hash').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('sessions_refresh_prev').execute();
      await db.schema.alterTable('sessions').dropColumn('refresh_prev_hash').execute();
    },
  },
  '0003_workstation_registrations': {
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
  },
  '0005_operator_team_name': {
    // The team's display name next to its id, so the desk can say 信用卡客服一组 instead of
    // `team-1`. Kept on the operator row (not a teams table) so every path that turns a row
    // into the wire Operator — login, me, admin — has it without another query.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('operators').addColumn('team_name', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('operators').dropColumn('team_name').execute();
    },
  },
  '0006_workstation_proof_and_anchors': {
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
  },
  '0007_phone': {
    // The softphone: code lists, the wrap-up time, each operator's current agent state and
    // its history. No foreign key to operators: the history is evidence and outlives them.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('phone_codes')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('label_zh', 'text', (c) => c.notNull())
        .addColumn('label_en', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('phone_codes_pk', ['kind', 'code'])
        .execute();
      await db.schema
        .createTable('phone_settings')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('wrap_up_seconds', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agent_states')
        .addColumn('operator_id', 'text', (c) => c.primaryKey())
        .addColumn('workstation_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason_code', 'text')
        .addColumn('call_id', 'text')
        .addColumn('since', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agent_state_history')
        .addColumn('operator_id', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('workstation_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason_code', 'text')
        .addColumn('call_id', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('agent_state_history_pk', ['operator_id', 'n'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['agent_state_history', 'agent_states', 'phone_settings', 'phone_codes']) await db.schema.dropTable(table).execute();
    },
  },
  '0008_phone_call_records': {
    // Call records (metadata only: masked number, times, disposition, quality). One row per
    // operator + call id, so a record the desk's outbox resends is stored once. The full
    // record is kept as canonical JSON with its hash (a replay must match it); the columns
    // beside it are what the supervisor's listing filters and orders by. No foreign key to
    // operators: records are evidence and outlive them.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('phone_calls')
        .addColumn('operator_id', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('workstation_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('record_hash', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('phone_calls_pk', ['operator_id', 'call_id'])
        .execute();
      await db.schema.createIndex('phone_calls_started').on('phone_calls').columns(['started_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('phone_calls').execute();
    },
  },
  '0009_customers': {
    // The screen pop's customer directory, one row per customer, looked up by normalised number.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('phone', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text', (c) => c.notNull())
        .addColumn('card_number', 'text')
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('open_tickets', 'integer', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('customers').execute();
    },
  },  // The knowledge base (its own file: kb/kb-migration.ts).
  '0010_kb': kbMigration,
  // Article images (kb/kb-images.ts).
  '0011_kb_images': kbImagesMigration,
  // The institution-wide log of staff actions (knowledge-base authoring; audit/staff-actions.ts).
  '0012_staff_actions': staffActionsMigration,
  // The update server (its own file: updates/updates-migration.ts).
  '0013_updates': updatesMigration,
  // Tickets (tickets/ticket-migration.ts; also sessions.revoked_at).
  '0014_tickets': ticketsMigration,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Upgrade tests only: brings the schema up to (and including) the named migration. */
export async function migrateUpTo(db: Kysely<Database>, migrationName: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(migrationName);
  if (error !== undefined) throw new Error(`database migration to ${migrationName} failed`, { cause: error });
}

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}
