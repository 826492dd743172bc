import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Database } from './schema.ts';
import { initialMigration } from './migrations/initial-schema.ts';
import { customersMigration, phoneCallRecordsMigration, phoneMigration } from './migrations/phone-migrations.ts';
import { operatorTeamNameMigration, refreshReuseMigration } from './migrations/session-migrations.ts';
import { workstationProofAndAnchorsMigration, workstationRegistrationsMigration } from './migrations/workstation-migrations.ts';
import { staffActionsMigration } from '../audit/staff-actions.ts';
import { kbMigration } from '../kb/kb-migration.ts';
import { kbImagesMigration } from '../kb/kb-images.ts';
import { updatesMigration } from '../updates/updates-migration.ts';
import { ticketsMigration } from '../tickets/ticket-migration.ts';

/**
 * Schema migrations, in code so the server needs no migration folder at run time.
 * Only portable column types are used (text, integer, bigint); see schema.ts.
 * This is the one ordered list; each migration lives with its group (migrations/ for the
 * early ones, the domain's folder for later ones). An id, once shipped, never changes.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': initialMigration,
  '0002_refresh_reuse': refreshReuseMigration,
  '0003_workstation_registrations': workstationRegistrationsMigration,
  '0005_operator_team_name': operatorTeamNameMigration,
  '0006_workstation_proof_and_anchors': workstationProofAndAnchorsMigration,
  '0007_phone': phoneMigration,
  '0008_phone_call_records': phoneCallRecordsMigration,
  '0009_customers': customersMigration,
  // The knowledge base (its own file: kb/kb-migration.ts).
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
