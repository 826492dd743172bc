import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseHandle } from './database-handle.ts';
import { migrateToLatest } from './migrations.ts';
import { openSqlite } from './sqlite.ts';

/** Opens (creating if needed) the SQLite database at `file` and migrates it to the latest schema. */
export async function openDatabase(file: string): Promise<DatabaseHandle> {
  mkdirSync(dirname(file), { recursive: true });
  const handle = openSqlite(file);
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
