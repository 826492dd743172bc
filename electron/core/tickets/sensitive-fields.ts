import { unsealedSensitiveFields } from '../../contract/ticket-sealed-fields.ts';
import { DeskFailure } from '../../contract/errors.ts';

/**
 * Core's guard that no plaintext of a sensitive field reaches the disk (the walker is in
 * the zod-free contract, ticket-sealed-fields.ts, so the fake desk and the form use the same).
 * Throws `ticket_not_sealed`, naming no value, before anything is stored.
 */
export function requireSealed(schema: unknown, data: unknown): void {
  if (unsealedSensitiveFields(schema, data).length > 0) throw new DeskFailure('ticket_not_sealed');
}
