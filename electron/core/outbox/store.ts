import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seal, unseal, type KeyProvider } from './crypto.ts';
import { loadOrCreateDataKey } from './data-key.ts';
import { OutboxError } from './errors.ts';
import { createSecretsAndSettings } from './store-secrets.ts';

/**
 * The workstation's only store of data at rest: items waiting for delivery to the
 * institution (audit events now; call records and tickets later), plus a few settings.
 *
 * Durability choice: WAL with synchronous=FULL. NORMAL survives a process crash but
 * may drop the last commits on power loss; an audit event the UI was told is recorded
 * would then vanish and its seq be reused with other content, which the institution
 * sees as a forked chain. FULL costs one fsync per commit, negligible at the rate a
 * person produces events.
 *
 * Every method but open() is synchronous (better-sqlite3), so callers may combine
 * enqueue() with their own writes in one `db.transaction`.
 *
 * Parts: data-key.ts (the wrapped data key every row is sealed with), store-secrets.ts
 * (secrets and settings beside the queue).
 */
export interface OutboxItem {
  id: number;
  kind: string;
  idempotencyKey: string;
  createdAt: number;
  attempts: number;
  payload: unknown;
}

export interface Rejection {
  key: string;
  reason: string;
}

export interface DeadLetter {
  kind: string;
  idempotencyKey: string;
  reason: string;
  rejectedAt: number;
}

export interface OutboxStore {
  /** The shared connection, for modules that must write in the same transaction (audit chain). */
  readonly db: Database.Database;
  /** Adds an item; false if an item with this kind + key is already queued (idempotent). */
  enqueue(kind: string, idempotencyKey: string, payload: unknown): boolean;
  /** Oldest items of a kind, decrypted. Rows that fail to decrypt are moved to dead_letter. */
  peek(kind: string, limit: number): OutboxItem[];
  /** Deletes delivered rows and moves rejected ones to dead_letter, in one transaction. */
  settle(kind: string, delivered: readonly string[], rejected: readonly Rejection[]): void;
  recordAttempt(kind: string, keys: readonly string[]): void;
  backlog(kind?: string): number;
  /** Called (batched, after the writing transaction) whenever the backlog may have changed. */
  onChange(listener: (backlog: number) => void): () => void;
  deadLetters(): DeadLetter[];
  /** The decrypted payloads of one kind's dead letters, oldest first (rows that fail to open are left out). */
  deadLetterPayloads(kind: string): { idempotencyKey: string; payload: unknown }[];
  /** Small secrets (the workstation signing key), encrypted with the data key. */
  putSecret(name: string, value: Buffer): void;
  getSecret(name: string): Buffer | null;
  deleteSecret(name: string): void;
  /** Non-sensitive settings (enrolled flag, minimum profile serial). */
  getSetting(name: string): string | null;
  setSetting(name: string, value: string): void;
  close(): void;
}

export interface OpenOutboxOptions {
  dataDir: string;
  keyProvider: KeyProvider;
  now?: () => number;
  fileName?: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    payload BLOB NOT NULL,
    UNIQUE (kind, idempotency_key)
  );
  CREATE TABLE IF NOT EXISTS dead_letter (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    rejected_at INTEGER NOT NULL,
    payload BLOB NOT NULL
  );
`;

const rowAad = (kind: string, key: string) => `outbox\0${kind}\0${key}`;

interface Row {
  id: number;
  kind: string;
  idempotency_key: string;
  created_at: number;
  attempts: number;
  payload: Buffer;
}

export async function openOutboxStore(o: OpenOutboxOptions): Promise<OutboxStore> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(o.dataDir, o.fileName ?? 'outbox.sqlite'));
  let dataKey: Buffer;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Overwrite freed pages so delivered rows do not linger in the file (they are
    // ciphertext anyway; this keeps "deleted once acknowledged" literally true).
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    dataKey = await loadOrCreateDataKey(db, o.keyProvider);
  } catch (e) {
    db.close();
    throw e;
  }
  return buildStore(db, dataKey, o.now ?? Date.now);
}

function buildStore(db: Database.Database, dataKey: Buffer, now: () => number): OutboxStore {
  let closed = false;
  const listeners = new Set<(backlog: number) => void>();
  let notifyQueued = false;

  const insert = db.prepare(
    'INSERT OR IGNORE INTO outbox (kind, idempotency_key, created_at, payload) VALUES (?, ?, ?, ?)',
  );
  const selectOldest = db.prepare('SELECT * FROM outbox WHERE kind = ? ORDER BY id LIMIT ?');
  const deleteOne = db.prepare('DELETE FROM outbox WHERE kind = ? AND idempotency_key = ?');
  const selectOne = db.prepare('SELECT * FROM outbox WHERE kind = ? AND idempotency_key = ?');
  const insertDead = db.prepare(
    'INSERT INTO dead_letter (kind, idempotency_key, reason, rejected_at, payload) VALUES (?, ?, ?, ?, ?)',
  );
  const bumpAttempt = db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE kind = ? AND idempotency_key = ?');
  const countAll = db.prepare('SELECT COUNT(*) AS n FROM outbox');
  const countKind = db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE kind = ?');

  const assertOpen = () => {
    if (closed) throw new OutboxError('closed', 'the outbox store is closed');
  };
  const backlog = (kind?: string): number => {
    assertOpen();
    const row = (kind === undefined ? countAll.get() : countKind.get(kind)) as { n: number };
    return row.n;
  };
  // Listeners run after the current synchronous work (and so after any enclosing
  // transaction), coalesced into one call.
  const changed = () => {
    if (notifyQueued || listeners.size === 0) return;
    notifyQueued = true;
    queueMicrotask(() => {
      notifyQueued = false;
      if (closed) return;
      const n = backlog();
      for (const l of listeners) l(n);
    });
  };

  const moveToDeadLetter = db.transaction((row: Row, reason: string) => {
    insertDead.run(row.kind, row.idempotency_key, reason, now(), row.payload);
    deleteOne.run(row.kind, row.idempotency_key);
  });

  const settle = db.transaction((kind: string, delivered: readonly string[], rejected: readonly Rejection[]) => {
    for (const key of delivered) deleteOne.run(kind, key);
    for (const r of rejected) {
      const row = selectOne.get(kind, r.key) as Row | undefined;
      if (row) moveToDeadLetter(row, r.reason);
    }
  });

  return {
    db,
    enqueue(kind, idempotencyKey, payload) {
      assertOpen();
      if (!kind || !idempotencyKey) throw new OutboxError('bad-item', 'kind and idempotency key are required');
      const json = JSON.stringify(payload);
      if (json === undefined) throw new OutboxError('bad-item', 'payload is not JSON-serialisable');
      const sealed = seal(dataKey, Buffer.from(json, 'utf8'), rowAad(kind, idempotencyKey));
      const added = insert.run(kind, idempotencyKey, now(), sealed).changes === 1;
      if (added) changed();
      return added;
    },
    peek(kind, limit) {
      assertOpen();
      const rows = selectOldest.all(kind, limit) as Row[];
      const items: OutboxItem[] = [];
      for (const row of rows) {
        let payload: unknown;
        try {
          payload = JSON.parse(unseal(dataKey, row.payload, rowAad(row.kind, row.idempotency_key)).toString('utf8'));
        } catch {
          // A row that cannot be decrypted would block its queue forever; park it for IT.
          moveToDeadLetter(row, 'undecryptable');
          changed();
          continue;
        }
        items.push({
          id: row.id,
          kind: row.kind,
          idempotencyKey: row.idempotency_key,
          createdAt: row.created_at,
          attempts: row.attempts,
          payload,
        });
      }
      return items;
    },
    settle(kind, delivered, rejected) {
      assertOpen();
      if (delivered.length === 0 && rejected.length === 0) return;
      settle(kind, delivered, rejected);
      changed();
    },
    recordAttempt(kind, keys) {
      assertOpen();
      db.transaction(() => {
        for (const k of keys) bumpAttempt.run(kind, k);
      })();
    },
    backlog,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    deadLetters() {
      assertOpen();
      const rows = db
        .prepare('SELECT kind, idempotency_key, reason, rejected_at FROM dead_letter ORDER BY id')
        .all() as { kind: string; idempotency_key: string; reason: string; rejected_at: number }[];
      return rows.map((r) => ({ kind: r.kind, idempotencyKey: r.idempotency_key, reason: r.reason, rejectedAt: r.rejected_at }));
    },
    deadLetterPayloads(kind) {
      assertOpen();
      const rows = db.prepare('SELECT idempotency_key, payload FROM dead_letter WHERE kind = ? ORDER BY id').all(kind) as { idempotency_key: string; payload: Buffer }[];
      return rows.flatMap((r) => {
        try {
          return [{ idempotencyKey: r.idempotency_key, payload: JSON.parse(unseal(dataKey, r.payload, rowAad(kind, r.idempotency_key)).toString('utf8')) as unknown }];
        } catch {
          return [];
        }
      });
    },
    ...createSecretsAndSettings(db, dataKey, assertOpen),
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      dataKey.fill(0);
      db.close();
    },
  };
}
