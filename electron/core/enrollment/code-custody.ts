import type { OutboxStore } from '../outbox/store.ts';

/**
 * Keeps IT's one-time enrollment code off the disk in plain text. IT writes it into
 * workstation.json; at the first start core moves it into the outbox store's encrypted
 * secrets (AES-256-GCM under the data key the OS keystore wraps) and main then removes it
 * from workstation.json. Later starts read it from the store until the institution has
 * accepted the key; then it is deleted. A code handed in again (IT re-provisioned the
 * workstation) replaces the stored one.
 */
const SECRET_NAME = 'enrollment-code';

export interface EnrollmentCodeCustody {
  /** The code to enroll with, if any is still needed. */
  code(): string | undefined;
  /** The institution accepted the key: the code is spent, forget it. */
  spent(): void;
}

export function takeEnrollmentCode(
  store: Pick<OutboxStore, 'putSecret' | 'getSecret' | 'deleteSecret'>,
  provided: string | undefined,
  alreadyEnrolled: boolean,
): EnrollmentCodeCustody {
  if (alreadyEnrolled) {
    store.deleteSecret(SECRET_NAME);
    return { code: () => undefined, spent: () => undefined };
  }
  if (provided !== undefined) store.putSecret(SECRET_NAME, Buffer.from(provided, 'utf8'));
  const code = provided ?? store.getSecret(SECRET_NAME)?.toString('utf8');
  return {
    code: () => code,
    spent: () => store.deleteSecret(SECRET_NAME),
  };
}
