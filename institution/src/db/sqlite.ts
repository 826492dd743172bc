import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseHandle } from './database-handle.ts';
import type { Database } from './schema.ts';

/** The SQLite-only part: the driver, its pragmas and its error codes. */
export function openSqlite(file: string): DatabaseHandle {
  const sqlite = new SQLite(file);
  // WAL lets the CLI (seed-demo, create-operator) write while `serve` runs.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: an acknowledged audit event is deleted from the workstation's outbox, so the
  // institution's commit must survive a power loss too (NORMAL may lose the last commits).
  sqlite.pragma('synchronous = FULL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    isUniqueViolation(error: unknown): boolean {
      const code = (error as { code?: unknown } | null)?.code;
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    },
    async close(): Promise<void> {
      await db.destroy();
    },
  };
}
