import type Database from 'better-sqlite3';
import { TicketTypeVersion } from '../../../institution/contract/ticket-api.ts';

/**
 * The ticket forms (type versions) this workstation has seen, kept in memory and in the
 * outbox database — unsealed: a form definition is the institution's configuration, not
 * anyone's data. With it a form still opens, and core can still check that sensitive
 * fields are sealed, while the institution is unreachable (even after a restart).
 * Versions never change once published (the institution refuses edits), so a cached
 * version is never stale; only which version is the latest can be.
 */
export interface TicketTypesCache {
  /** Remembers versions fetched from the institution; `latest` marks the set `tickets.types` answered. */
  remember(versions: readonly TicketTypeVersion[], o?: { latest?: boolean }): void;
  version(typeId: string, version: number): TicketTypeVersion | null;
  /** The last answer of `tickets.types` (the latest version of each type), or null if never fetched. */
  latest(): TicketTypeVersion[] | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ticket_type_versions (
    type_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    latest INTEGER NOT NULL DEFAULT 0,
    json TEXT NOT NULL,
    PRIMARY KEY (type_id, version)
  );
`;

const keyOf = (typeId: string, version: number) => `${typeId}\0${version}`;

export function createTicketTypesCache(db: Database.Database): TicketTypesCache {
  db.exec(SCHEMA);
  const upsert = db.prepare('INSERT INTO ticket_type_versions (type_id, version, latest, json) VALUES (?, ?, ?, ?) ON CONFLICT (type_id, version) DO UPDATE SET json = excluded.json, latest = MAX(latest, excluded.latest)');
  const clearLatest = db.prepare('UPDATE ticket_type_versions SET latest = 0');
  const setLatest = db.prepare('UPDATE ticket_type_versions SET latest = 1 WHERE type_id = ? AND version = ?');
  const memory = new Map<string, TicketTypeVersion>();
  let latest: TicketTypeVersion[] | null = null;

  // Rows a newer or older build wrote in another shape are ignored (fetched again when needed).
  const rows = db.prepare('SELECT json, latest FROM ticket_type_versions ORDER BY type_id, version').all() as { json: string; latest: number }[];
  for (const row of rows) {
    let parsed;
    try {
      parsed = TicketTypeVersion.safeParse(JSON.parse(row.json));
    } catch {
      continue;
    }
    if (!parsed.success) continue;
    memory.set(keyOf(parsed.data.typeId, parsed.data.version), parsed.data);
    if (row.latest === 1) (latest ??= []).push(parsed.data);
  }

  const remember = db.transaction((versions: readonly TicketTypeVersion[], isLatest: boolean) => {
    if (isLatest) clearLatest.run();
    for (const v of versions) {
      upsert.run(v.typeId, v.version, 0, JSON.stringify(v));
      if (isLatest) setLatest.run(v.typeId, v.version);
    }
  });

  return {
    remember(versions, o = {}) {
      remember(versions, o.latest === true);
      for (const v of versions) memory.set(keyOf(v.typeId, v.version), v);
      if (o.latest === true) latest = [...versions];
    },
    version: (typeId, version) => memory.get(keyOf(typeId, version)) ?? null,
    latest: () => (latest === null ? null : [...latest]),
  };
}
