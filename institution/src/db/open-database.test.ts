import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './database-handle.ts';
import { migrateUpTo } from './migrations.ts';
import { openDatabase } from './open-database.ts';
import { openSqlite } from './sqlite.ts';

describe('openDatabase', () => {
  let dir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'institution-db-'));
    handle = await openDatabase(join(dir, 'nested', 'test.sqlite'));
  });
  afterAll(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses WAL with synchronous=FULL and enforces foreign keys', async () => {
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(handle.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(handle.db);
    expect(fk.rows[0]?.foreign_keys).toBe(1);
    // 2 = FULL: an acknowledged audit event must survive a power loss (the desktop deletes its copy).
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(handle.db);
    expect(sync.rows[0]?.synchronous).toBe(2);
    await expect(
      handle.db
        .insertInto('sessions')
        .values({ id: 's', operator_id: 'nobody', workstation_id: 'w', access_hash: 'a', access_expires_at: 1, refresh_hash: 'r', refresh_expires_at: 1, created_at: 1, revoked: 0, revoked_reason: null })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('creates every table, and migrating again is a no-op', async () => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name`.execute(handle.db);
    expect(tables.rows.map((r) => r.name)).toEqual([
      'agent_state_history',
      'agent_states',
      'audit_anchors',
      'audit_events',
      'audit_flags',
      'customers',
      'institution_settings',
      'kb_acknowledgements',
      'kb_articles',
      // FTS5: the virtual table and its shadow tables.
      'kb_fts',
      'kb_fts_config',
      'kb_fts_content',
      'kb_fts_data',
      'kb_fts_docsize',
      'kb_fts_idx',
      'kb_images',
      'kb_spaces',
      'kb_versions',
      'operators',
      'phone_calls',
      'phone_codes',
      'phone_settings',
      'server_events',
      'sessions',
      'staff_actions',
      'ticket_comments',
      'ticket_history',
      'ticket_type_versions',
      'ticket_types',
      'tickets',
      'update_artifacts',
      'update_group_members',
      'update_releases',
      'update_results',
      'workstation_challenges',
      'workstation_registrations',
      'workstations',
    ]);
    const again = await openDatabase(join(dir, 'nested', 'test.sqlite'));
    await again.close();
  });

  it('recognises its unique violations and nothing else', async () => {
    const operator = { id: 'X1', display_name: 'x', password_hash: 'h', roles: '["agent"]', team: null, totp_secret: null, totp_last_step: null, disabled: 0, failed_attempts: 0, locked_until: null, created_at: 1 };
    await handle.db.insertInto('operators').values(operator).execute();
    const duplicate = await handle.db.insertInto('operators').values(operator).execute().catch((error: unknown) => error);
    expect(handle.isUniqueViolation(duplicate)).toBe(true);
    expect(handle.isUniqueViolation(new Error('other'))).toBe(false);
    await handle.db.insertInto('workstations').values({ id: 'W', public_key: 'k', enrolled_at: 1, enrolled_by: 'X1', head_seq: 0 }).execute();
    const row = { workstation_id: 'W', seq: 1, hash: 'h', prev_hash: 'p', body: '{}', received_at: 1 };
    await handle.db.insertInto('audit_events').values(row).execute();
    const twice = await handle.db.insertInto('audit_events').values(row).execute().catch((error: unknown) => error);
    expect(handle.isUniqueViolation(twice)).toBe(true);
  });

  it('upgrades a database from the trust-on-first-use schema, keeping enrolled keys, their events and foreign keys', async () => {
    const file = join(dir, 'upgrade.sqlite');
    const old = openSqlite(file);
    try {
      await migrateUpTo(old.db, '0002_refresh_reuse');
      await sql`INSERT INTO operators (id, display_name, password_hash, roles, created_at) VALUES ('A1', 'a', 'h', '["agent"]', 1)`.execute(old.db);
      await sql`INSERT INTO workstations (id, public_key, enrolled_at, enrolled_by, head_seq) VALUES ('WS-OLD', 'key', 5, 'A1', 1)`.execute(old.db);
      await sql`INSERT INTO audit_events (workstation_id, seq, hash, prev_hash, body, received_at) VALUES ('WS-OLD', 1, 'h', 'p', '{}', 6)`.execute(old.db);
    } finally {
      await old.close();
    }
    const upgraded = await openDatabase(file);
    try {
      expect(await upgraded.db.selectFrom('workstations').selectAll().execute()).toEqual([
        { id: 'WS-OLD', public_key: 'key', enrolled_at: 5, enrolled_by: 'A1', head_seq: 1 },
      ]);
      // Code enrollments have no operator; events still need an existing workstation.
      await upgraded.db.insertInto('workstations').values({ id: 'WS-NEW', public_key: 'k2', enrolled_at: 7, enrolled_by: null, head_seq: 0 }).execute();
      const orphan = { workstation_id: 'WS-NOPE', seq: 1, hash: 'h', prev_hash: 'p', body: '{}', received_at: 1 };
      await expect(upgraded.db.insertInto('audit_events').values(orphan).execute()).rejects.toThrow(/FOREIGN KEY/);
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(upgraded.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      expect((await sql`pragma foreign_key_check`.execute(upgraded.db)).rows).toEqual([]);
    } finally {
      await upgraded.close();
    }
  });
});
