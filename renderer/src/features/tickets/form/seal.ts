import { importTicketPublicKey, maskWithHint, sealField, type FieldBinding, type SealedField, type WebKey } from '../../../../../institution/contract/ticket-crypto.ts';
import type { FieldSpec } from './form-model.ts';

/**
 * Sealing a sensitive field in the page (issue #9): the value is encrypted to the
 * institution's ticket key (from the signed site profile, via `tickets.key`) as the agent
 * leaves the field, bound to the type, version and the field's pointer (ticket-crypto.ts,
 * ECDH P-256 + HKDF-SHA-256 + AES-256-GCM). From then on the page keeps only the envelope and
 * shows a mask; the plaintext is dropped from the form's state.
 */
export interface SealKey {
  kid: string;
  publicKey: WebKey;
}

export async function importSealKey(key: { keyId: string; publicKey: string }): Promise<SealKey> {
  return { kid: key.keyId, publicKey: await importTicketPublicKey(key.publicKey) };
}

/** The hint the server accepts (`x-hint: last4`): the value's last four characters, digits or ddd + X. */
export function hintFor(field: Pick<FieldSpec, 'hint'>, value: string): string | undefined {
  const tail = value.slice(-4);
  return field.hint && /^\d{4}$|^\d{3}X$/.test(tail) ? tail : undefined;
}

export function sealValue(value: string, field: Pick<FieldSpec, 'hint' | 'pointer'>, key: SealKey, type: { typeId: string; typeVersion: number }): Promise<SealedField> {
  const binding: FieldBinding = { typeId: type.typeId, typeVersion: type.typeVersion, pointer: field.pointer };
  return sealField(value, key, binding, hintFor(field, value));
}

/**
 * What the input shows once sealed: `•••• •••• •••• 1234` for a card, the last four only where
 * the schema allows a hint (never the first digits: the envelope carries nothing else). Other
 * fields read as the ticket detail shows them (maskWithHint: `•••• 1234`).
 */
export function maskFor(field: Pick<FieldSpec, 'widget'>, envelope: Pick<SealedField, 'hint'>): string {
  const hint = envelope.hint;
  switch (field.widget) {
    case 'card-number':
      return `•••• •••• •••• ${hint ?? '••••'}`;
    case 'id-number':
      return `${'•'.repeat(14)}${hint ?? '••••'}`;
    default:
      return maskWithHint(hint);
  }
}
