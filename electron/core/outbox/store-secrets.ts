import type Database from 'better-sqlite3';
import { seal, unseal } from './crypto.ts';
import type { OutboxStore } from './store.ts';

const secretAad = (name: string) => `secret\0${name}`;

/**
 * The outbox file's two small side stores (store.ts hands them out with the queue): secrets
 * (the workstation signing key) sealed with the data key in the `meta` table under
 * `secret:<name>`, and non-sensitive settings in plain text in `settings`. `assertOpen` is the
 * store's, so both refuse once it is closed.
 */
export function createSecretsAndSettings(
  db: Database.Database,
  dataKey: Buffer,
  assertOpen: () => void,
): Pick<OutboxStore, 'putSecret' | 'getSecret' | 'deleteSecret' | 'getSetting' | 'setSetting'> {
  return {
    putSecret(name, value) {
      assertOpen();
      db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)').run(`secret:${name}`, seal(dataKey, value, secretAad(name)));
    },
    getSecret(name) {
      assertOpen();
      const row = db.prepare('SELECT value FROM meta WHERE name = ?').get(`secret:${name}`) as { value: Buffer } | undefined;
      return row ? unseal(dataKey, row.value, secretAad(name)) : null;
    },
    deleteSecret(name) {
      assertOpen();
      db.prepare('DELETE FROM meta WHERE name = ?').run(`secret:${name}`);
    },
    getSetting(name) {
      assertOpen();
      const row = db.prepare('SELECT value FROM settings WHERE name = ?').get(name) as { value: string } | undefined;
      return row ? row.value : null;
    },
    setSetting(name, value) {
      assertOpen();
      db.prepare('INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)').run(name, value);
    },
  };
}
