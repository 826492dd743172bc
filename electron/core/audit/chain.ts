import { sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AuditEventBody, GENESIS_HASH, type AuditEvent } from '../../../institution/contract/audit.ts';
import { auditEventHash } from '../../../institution/contract/audit-hash.ts';
import type { OutboxStore } from '../outbox/store.ts';
import { AUDIT_KIND, auditItemKey } from './deliverer.ts';
import { AuditError } from './errors.ts';
import { publicKeySpkiBase64 } from './workstation-key.ts';

/**
 * The workstation's tamper-evident audit chain. Each event carries the hash of the one
 * before it and an Ed25519 signature by the workstation key; the institution verifies
 * continuity. append() advances the persisted head AND enqueues the event for delivery
 * in one SQLite transaction: once append() returns, neither a crash nor a power loss
 * (synchronous=FULL) can lose the event or leave a hole in the seq numbers.
 */
export type AuditData = Record<string, string | number | boolean | null>;

/** Event types the desktop emits today (the contract allows any dotted lowercase name). */
export type KnownAuditType =
  | 'session.login'
  | 'session.login-failed'
  | 'session.logout'
  | 'session.locked'
  | 'session.unlocked'
  | 'session.unlock-failed'
  | 'session.revoked'
  | 'session.expired'
  | 'policy.applied'
  | 'push.dropped'
  | 'session.stream-closed'
  | 'phone.state'
  | 'phone.credentials-issued'
  | 'phone.call-recorded'
  | 'activity.hold'
  | 'activity.released'
  | `security.${string}`
  | `fault.${string}`
  | 'kb.protection-blocked'
  | `tickets.${string}`
  | `ui.${string}`
  | `update.${string}`;

export interface AuditChain {
  append(type: KnownAuditType, actor: string | null, data: AuditData): AuditEvent;
  head(): { seq: number; hash: string };
  publicKeySpkiBase64(): string;
}

export interface AuditChainOptions {
  store: OutboxStore;
  workstationId: string;
  signingKey: KeyObject;
  now: () => number;
}

/**
 * Data keys that smell of credentials. Callers must never pass such values; refusing
 * the key name catches the mistake in tests instead of shipping a secret to the
 * institution's permanent record.
 */
const SENSITIVE_KEY = /pass(word|wd|phrase)?$|token|totp|otp$|secret|credential|cookie/i;

const HEAD_SCHEMA = `
  CREATE TABLE IF NOT EXISTS audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    workstation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
  );
`;

interface HeadRow {
  workstation_id: string;
  seq: number;
  hash: string;
}

export function createAuditChain(o: AuditChainOptions): AuditChain {
  if (o.signingKey.type !== 'private' || o.signingKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditError('bad-key', 'the signing key must be an Ed25519 private key');
  }
  const db = o.store.db;
  db.exec(HEAD_SCHEMA);
  const selectHead = db.prepare('SELECT workstation_id, seq, hash FROM audit_head WHERE singleton = 1');
  const upsertHead = db.prepare(
    'INSERT INTO audit_head (singleton, workstation_id, seq, hash) VALUES (1, ?, ?, ?) ' +
      'ON CONFLICT (singleton) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
  );

  const readHead = (): { seq: number; hash: string } => {
    const row = selectHead.get() as HeadRow | undefined;
    if (!row) return { seq: 0, hash: GENESIS_HASH };
    if (row.workstation_id !== o.workstationId) {
      // One data directory, one chain: never continue another workstation's chain.
      throw new AuditError('workstation-mismatch', 'this data directory belongs to another workstation id');
    }
    return { seq: row.seq, hash: row.hash };
  };
  readHead();

  const appendTx = db.transaction((type: string, actor: string | null, data: AuditData): AuditEvent => {
    const head = readHead();
    const parsed = AuditEventBody.safeParse({
      workstationId: o.workstationId,
      seq: head.seq + 1,
      prevHash: head.hash,
      time: new Date(o.now()).toISOString(),
      type,
      actor,
      data,
    });
    if (!parsed.success) throw new AuditError('bad-event', describeIssues(parsed.error));
    const body = parsed.data;
    const hash = auditEventHash(body);
    const signature = sign(null, Buffer.from(hash, 'utf8'), o.signingKey).toString('base64');
    const event: AuditEvent = { ...body, hash, signature };
    upsertHead.run(o.workstationId, body.seq, hash);
    o.store.enqueue(AUDIT_KIND, auditItemKey(body.seq), event);
    return event;
  });

  return {
    append(type, actor, data) {
      const sensitive = Object.keys(data).find((k) => SENSITIVE_KEY.test(k));
      if (sensitive !== undefined) {
        throw new AuditError('sensitive-data', `audit data key "${sensitive}" looks like a credential`);
      }
      return appendTx(type, actor, data);
    },
    head: readHead,
    publicKeySpkiBase64: () => publicKeySpkiBase64(o.signingKey),
  };
}

/** Paths and messages only: zod's default text could quote the offending value. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
}
