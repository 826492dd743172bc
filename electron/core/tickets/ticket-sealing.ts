import { createHmac, randomBytes } from 'node:crypto';
import { seal, unseal } from '../outbox/crypto.ts';
import type { OutboxStore } from '../outbox/store.ts';

/**
 * Sealing for the tickets' own tables (drafts, the local index of filed tickets) in the
 * outbox database. One random 256-bit key, created once and kept as an outbox secret — so
 * it is itself sealed with the workstation's data key, which only the OS keystore unwraps:
 * copying the data folder yields ciphertext only, exactly as for outbox rows.
 *
 * Rows are keyed by an **owner tag** (HMAC of the operator id under a key derived from the
 * same secret), not the operator id: which operators used this seat is personal data, and
 * the tag still lets SQLite find one operator's rows. Each row's AAD binds its table, owner
 * and id, so a row copied to another operator or another id fails to open.
 */
export interface TicketSealer {
  /** The row owner for an operator (stable per workstation, unlinkable without the key). */
  ownerTag(operatorId: string): string;
  sealJson(aad: string, value: unknown): Buffer;
  /** Throws when the blob was tampered with, moved, or sealed under another key. */
  unsealJson(aad: string, blob: Buffer): unknown;
}

const SECRET_NAME = 'tickets.local-key';

export function createTicketSealer(store: Pick<OutboxStore, 'getSecret' | 'putSecret'>): TicketSealer {
  let key = store.getSecret(SECRET_NAME);
  if (key === null || key.length !== 32) {
    key = randomBytes(32);
    store.putSecret(SECRET_NAME, key);
  }
  const sealKey = createHmac('sha256', key).update('channeldesk tickets seal v1').digest();
  const tagKey = createHmac('sha256', key).update('channeldesk tickets owner-tag v1').digest();
  return {
    ownerTag: (operatorId) => createHmac('sha256', tagKey).update(operatorId, 'utf8').digest('base64url'),
    sealJson: (aad, value) => seal(sealKey, Buffer.from(JSON.stringify(value), 'utf8'), aad),
    unsealJson: (aad, blob) => JSON.parse(unseal(sealKey, blob, aad).toString('utf8')) as unknown,
  };
}
