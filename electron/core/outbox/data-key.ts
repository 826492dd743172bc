import type Database from 'better-sqlite3';
import { DATA_KEY_BYTES, newDataKey, type KeyProvider } from './crypto.ts';
import { OutboxError } from './errors.ts';

const DATA_KEY_NAME = 'data-key';

/**
 * The outbox's data key (store.ts seals every row and secret with it): made on first open and
 * kept in the `meta` table only wrapped by the key provider (the OS keystore in the app), so
 * the file alone opens nothing. A key the provider cannot unwrap, or of the wrong size, stops
 * the open with a typed error rather than starting over and orphaning what is queued.
 */
export async function loadOrCreateDataKey(db: Database.Database, provider: KeyProvider): Promise<Buffer> {
  const row = db.prepare('SELECT value FROM meta WHERE name = ?').get(DATA_KEY_NAME) as { value: Buffer } | undefined;
  if (!row) {
    const key = newDataKey();
    const wrapped = await provider.wrap(key);
    db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)').run(DATA_KEY_NAME, wrapped);
    return key;
  }
  let key: Buffer;
  try {
    key = await provider.unwrap(row.value);
  } catch (e) {
    // Only the error type: the provider's message could describe key material.
    throw new OutboxError('key-unwrap-failed', `the key provider could not unwrap the outbox data key (${errorName(e)})`);
  }
  if (key.length !== DATA_KEY_BYTES) throw new OutboxError('bad-data-key', `unwrapped data key has ${key.length} bytes`);
  return key;
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}
