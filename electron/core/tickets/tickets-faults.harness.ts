/**
 * Test support for the tickets fault tests (tickets.faults.test.ts, its child process
 * tickets-fault-fixture.ts, and bench/tickets-drain.ts). Not shipped; no vitest here.
 *
 * - An institution that can really go DOWN and come back: a real server (HTTPS, SQLite, demo
 *   seed) on a data dir that outlives it, behind a TCP relay on 127.0.0.1 that the signed
 *   profile names as the institution's address. `stop()` closes the server (and the relay
 *   refuses connections); `start()` opens a new server on the same data dir (same TLS key,
 *   profile key, ticket key, sessions) and points the relay at it.
 * - Ticket data as the renderer makes it: card and ID sealed to the profile's ticket key, a
 *   plain marker (`notes: "fault-ticket #000042"`) so the institution's rows can be matched to
 *   what the desk filed without opening anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importTicketPublicKey, sealField, type WebKey } from '../../../institution/contract/ticket-crypto.ts';
/* eslint-disable no-restricted-imports -- test support only: tests run the real institution server */
import { databasePath } from '../../../institution/src/data-dir.ts';
import { seedDemo } from '../../../institution/src/seed/demo.ts';
import { startInstitutionServer, type InstitutionServer } from '../../../institution/src/server.ts';
import { registerWorkstation } from '../../../institution/src/workstations/registration.ts';
/* eslint-enable no-restricted-imports */
import { startRelay, type Relay } from '../desk-core.harness.ts';

/** Cheap scrypt so seeding does not dominate the test time. */
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export const FAULT_OPERATOR = { operatorId: 'A1001', password: 'Agent#2026' } as const;
export const FAULT_TYPE = { typeId: 'bank-card-loss', typeVersion: 1 } as const;
export const FAULT_CARD = '6222021234567890128';
export const FAULT_ID = '11010519491231002X';

export const markerOf = (i: number): string => `fault-ticket #${String(i).padStart(6, '0')}`;
const MARKER = /^fault-ticket #([0-9]{6})$/;

/** What a desk core needs to trust this institution (JSON: it crosses to a child process). */
export interface InstitutionTrust {
  url: string;
  caPem: string;
  profileKeyId: string;
  profilePublicKeyPem: string;
  signedProfile: unknown;
}

export interface StoredTicket {
  id: string;
  idempotencyKey: string;
  filedBy: string;
  workstationId: string;
  /** The marker's number, or null for a ticket without one. */
  index: number | null;
}

export interface RestartableInstitution {
  readonly dataDir: string;
  /** The relay's URL (what the signed profile names). */
  readonly url: string;
  readonly up: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  trust(): Promise<InstitutionTrust>;
  /** IT registers a workstation: its one-time enrollment code. */
  register(workstationId: string): Promise<string>;
  /** Every ticket the institution stores (read-only SQLite, works while it is down too). */
  storedTickets(): StoredTicket[];
  /** How many tickets it stores (cheap: polled while a desk runs). */
  storedCount(): number;
  /** The Idempotency-Keys of the tickets it stores (cheap: polled while a desk runs). */
  storedKeys(): Set<string>;
  close(): Promise<void>;
}

export async function startRestartableInstitution(): Promise<RestartableInstitution> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickets-faults-institution-'));
  await seedDemo({ dataDir, passwordHashing: TEST_SCRYPT });
  const relay: Relay = await startRelay();
  let server: InstitutionServer | null = null;
  let trust: InstitutionTrust | null = null;

  const institution: RestartableInstitution = {
    dataDir,
    url: relay.url,
    get up() {
      return server !== null;
    },
    async start() {
      if (server !== null) return;
      server = await startInstitutionServer({ dataDir, port: 0, publicUrl: relay.url, passwordHashing: TEST_SCRYPT });
      relay.forwardTo(server.url);
    },
    async stop() {
      if (server === null) return;
      relay.forwardTo(null);
      const closing = server;
      server = null;
      await closing.close();
    },
    async trust() {
      if (trust !== null) return trust;
      if (server === null) throw new Error('the institution is down: start it to read its profile');
      const response = await fetchJson(`${relay.url}/api/v1/site-profile`, server.caCertPem);
      trust = { url: relay.url, caPem: server.caCertPem, profileKeyId: server.profileKeyId, profilePublicKeyPem: server.profilePublicKeyPem, signedProfile: response };
      return trust;
    },
    async register(workstationId) {
      return (await registerWorkstation({ dataDir, workstationId })).enrollmentCode;
    },
    storedTickets() {
      const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
      try {
        const rows = db.prepare('SELECT id, idempotency_key, filed_by, workstation_id, data FROM tickets ORDER BY received_at, id').all() as {
          id: string;
          idempotency_key: string;
          filed_by: string;
          workstation_id: string;
          data: string;
        }[];
        return rows.map((r) => {
          const notes = (JSON.parse(r.data) as { notes?: unknown }).notes;
          const match = typeof notes === 'string' ? MARKER.exec(notes) : null;
          return { id: r.id, idempotencyKey: r.idempotency_key, filedBy: r.filed_by, workstationId: r.workstation_id, index: match ? Number(match[1]) : null };
        });
      } finally {
        db.close();
      }
    },
    storedCount() {
      const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    storedKeys() {
      const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
      try {
        return new Set((db.prepare('SELECT idempotency_key AS k FROM tickets').all() as { k: string }[]).map((r) => r.k));
      } finally {
        db.close();
      }
    },
    async close() {
      await institution.stop();
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await institution.start();
  return institution;
}

function fetchJson(url: string, caPem: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: caPem, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text) as unknown) : reject(new Error(`GET ${url}: HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** The renderer's side of filing: seals card and ID as the agent leaves the fields. */
export interface TicketSealer {
  data(i: number): Promise<Record<string, unknown>>;
}

/** From `tickets.key`'s answer (the profile's ticket key). */
export async function ticketSealer(key: { keyId: string; publicKey: string }): Promise<TicketSealer> {
  const publicKey: WebKey = await importTicketPublicKey(key.publicKey);
  const recipient = { kid: key.keyId, publicKey };
  const binding = (pointer: string) => ({ ...FAULT_TYPE, pointer });
  return {
    async data(i) {
      return {
        cardNumber: await sealField(FAULT_CARD, recipient, binding('/cardNumber'), FAULT_CARD.slice(-4)),
        holderName: '王小明',
        idNumber: await sealField(FAULT_ID, recipient, binding('/idNumber'), FAULT_ID.slice(-4)),
        mobile: '13800138000',
        lostOn: '2026-11-29',
        freezeNow: true,
        notes: markerOf(i),
      };
    },
  };
}

/** Indices held more than once, and the count of rows without a marker. */
export function duplicatesOf(tickets: readonly StoredTicket[]): { duplicated: number[]; unmarked: number } {
  const seen = new Map<number, number>();
  let unmarked = 0;
  for (const t of tickets) {
    if (t.index === null) unmarked += 1;
    else seen.set(t.index, (seen.get(t.index) ?? 0) + 1);
  }
  return { duplicated: [...seen].filter(([, n]) => n > 1).map(([i]) => i), unmarked };
}
