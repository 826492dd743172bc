/**
 * Typed failures of the outbox. `key-unwrap-failed` means the KeyProvider could not
 * unwrap the stored data key (other OS user, reinstalled keystore, wrong test secret):
 * the store refuses to open and deletes NOTHING, so the rows can still be delivered once
 * the right key is back.
 */
export type OutboxErrorCode = 'key-unwrap-failed' | 'bad-data-key' | 'closed' | 'bad-item';

export class OutboxError extends Error {
  readonly code: OutboxErrorCode;
  constructor(code: OutboxErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'OutboxError';
    this.code = code;
  }
}
