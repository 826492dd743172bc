import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { DatabaseHandle } from './database-handle.ts';
import type { Database } from './schema.ts';

/** Distinct SQL texts kept prepared; multi-row inserts of varying length each have their own. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew: measured under the ticket benchmark, that
 * was ~10 % of the institution's CPU (parsing and planning the same few statements). This keeps
 * prepared statements by SQL text (least recently used dropped first). SQLite re-prepares a
 * statement itself after a schema change. A statement still being iterated (a streamed query)
 * is busy, so a fresh one is prepared for that call instead of reusing it.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached !== undefined && !cached.busy) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      if (cached === undefined) {
        cache.set(text, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
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
