import { join } from 'node:path';

/** The SQLite file inside a data directory (TLS material and keys live beside it). */
export function databasePath(dataDir: string): string {
  return join(dataDir, 'institution.sqlite');
}
