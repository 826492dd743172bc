/**
 * The ciphertext envelope of a sensitive ticket field (`x-sensitive: true` in the type's
 * schema). The desktop seals the value in the renderer, as the agent leaves the field, to the
 * institution's ticket key published in the signed site profile; only the institution can
 * open it (for a permitted, audited reveal).
 *
 *   ECDH P-256 with a fresh ephemeral key per field → shared secret
 *   HKDF-SHA-256(secret, salt = ephemeral public key (raw, 65 bytes), info = FIELD_KEY_INFO ‖ kid) → AES-256-GCM key
 *   AES-256-GCM(value UTF-8, 12-byte random iv, AAD = fieldAad(...)) → ct (ciphertext ‖ 16-byte tag)
 *
 * The AAD binds the ticket type id and version, the field's JSON pointer, the key id and the
 * hint: a ciphertext moved to another field, type or version, or given another hint, fails
 * to open. Everything is WebCrypto (`globalThis.crypto.subtle`) in portable formats (raw and
 * SPKI/PKCS#8, base64url), so this module runs unchanged in Node 24 and Chromium. It imports
 * nothing (the renderer stays zod-free); the wire schema lives in ticket-api.ts.
 */

/** WebCrypto key types by inference: Node's and the DOM's global declarations differ (value vs type). */
export type WebKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
export interface WebKeyPair {
  publicKey: WebKey;
  privateKey: WebKey;
}

export const TICKET_ENVELOPE_ALG = 'ECDH-ES-P256+HKDF-SHA256+A256GCM';
/** HKDF info prefix (then the key id); exported for the institution's synchronous opener. */
export const FIELD_KEY_INFO = 'channeldesk ticket field v1 ';
const AAD_PREFIX = 'channeldesk-ticket-field/v1';
const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** Limits the server checks before it stores an envelope. */
export const ENVELOPE_LIMITS = { maxPlaintextChars: 512, maxHintChars: 8, ivBytes: 12, tagBytes: 16, epkBytes: 65 } as const;

export interface SealedField {
  /** Format version. */
  v: 1;
  alg: typeof TICKET_ENVELOPE_ALG;
  /** The institution ticket key it was sealed to (site profile `tickets.keyId`). */
  kid: string;
  /** Ephemeral ECDH public key, raw uncompressed point, base64url. */
  epk: string;
  /** AES-GCM nonce, 12 bytes, base64url. */
  iv: string;
  /** AES-GCM ciphertext with its tag appended, base64url. */
  ct: string;
  /** Shown instead of the value (e.g. the last 4 digits); present only where the schema's `x-hint` allows. */
  hint?: string;
}

/** What the AAD binds: the field's place in a ticket of one type version. */
export interface FieldBinding {
  typeId: string;
  typeVersion: number;
  /** JSON pointer of the field in the ticket's data (e.g. `/card/number`). */
  pointer: string;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url without padding; null when it is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  // Non-canonical trailing bits would let two texts name one value: refuse them.
  return toBase64Url(bytes) === text ? bytes : null;
}

/** The additional authenticated data of a field: binds type, version, pointer, key id and hint. */
export function fieldAad(binding: FieldBinding, kid: string, hint: string | undefined): Uint8Array<ArrayBuffer> {
  const text = [AAD_PREFIX, binding.typeId, String(binding.typeVersion), binding.pointer, kid, hint ?? ''].join('\n');
  return new TextEncoder().encode(text);
}

/**
 * Checks the envelope's shape without any key: field set, algorithm, sizes of epk/iv/ct, the
 * hint's length. Answers the envelope or a reason code (what the server reports per field).
 */
export function checkEnvelopeShape(value: unknown): { ok: true; envelope: SealedField } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'envelope-not-object' };
  const record = value as Record<string, unknown>;
  const allowed = ['v', 'alg', 'kid', 'epk', 'iv', 'ct', 'hint'];
  if (Object.keys(record).some((k) => !allowed.includes(k))) return { ok: false, reason: 'envelope-extra-field' };
  const { v, alg, kid, epk, iv, ct, hint } = record;
  if (v !== 1) return { ok: false, reason: 'envelope-version' };
  if (alg !== TICKET_ENVELOPE_ALG) return { ok: false, reason: 'envelope-alg' };
  if (typeof kid !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(kid)) return { ok: false, reason: 'envelope-kid' };
  const bytes = (x: unknown, max: number) => (typeof x === 'string' && x.length <= max ? fromBase64Url(x) : null);
  if (bytes(epk, 100)?.length !== ENVELOPE_LIMITS.epkBytes || bytes(epk, 100)?.[0] !== 4) return { ok: false, reason: 'envelope-epk' };
  if (bytes(iv, 20)?.length !== ENVELOPE_LIMITS.ivBytes) return { ok: false, reason: 'envelope-iv' };
  const ctLength = bytes(ct, 4 * ENVELOPE_LIMITS.maxPlaintextChars * 4)?.length ?? 0;
  if (ctLength < ENVELOPE_LIMITS.tagBytes + 1 || ctLength > ENVELOPE_LIMITS.maxPlaintextChars * 4 + ENVELOPE_LIMITS.tagBytes) return { ok: false, reason: 'envelope-ct' };
  if (hint !== undefined && (typeof hint !== 'string' || hint.length < 1 || hint.length > ENVELOPE_LIMITS.maxHintChars)) return { ok: false, reason: 'envelope-hint' };
  return { ok: true, envelope: record as unknown as SealedField };
}

async function fieldKey(secret: ArrayBuffer, epkRaw: Uint8Array<ArrayBuffer>, kid: string, usage: 'encrypt' | 'decrypt'): Promise<WebKey> {
  const subtle = globalThis.crypto.subtle;
  const hkdfKey = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: epkRaw, info: new TextEncoder().encode(FIELD_KEY_INFO + kid) },
    hkdfKey,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** The institution's ticket public key from its SPKI (base64url), as the site profile carries it. */
export async function importTicketPublicKey(spkiBase64Url: string): Promise<WebKey> {
  const spki = fromBase64Url(spkiBase64Url);
  if (spki === null) throw new Error('the ticket public key is not base64url');
  return globalThis.crypto.subtle.importKey('spki', spki as Uint8Array<ArrayBuffer>, P256, true, []);
}

/** Seals one field value to the institution's ticket key (runs in the renderer). */
export async function sealField(value: string, recipient: { kid: string; publicKey: WebKey }, binding: FieldBinding, hint?: string): Promise<SealedField> {
  const subtle = globalThis.crypto.subtle;
  const ephemeral = (await subtle.generateKey(P256, true, ['deriveBits'])) as WebKeyPair;
  const epkRaw = new Uint8Array(await subtle.exportKey('raw', ephemeral.publicKey));
  const secret = await subtle.deriveBits({ name: 'ECDH', public: recipient.publicKey }, ephemeral.privateKey, 256);
  const key = await fieldKey(secret, epkRaw, recipient.kid, 'encrypt');
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(ENVELOPE_LIMITS.ivBytes));
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: fieldAad(binding, recipient.kid, hint) }, key, new TextEncoder().encode(value));
  const sealed: SealedField = { v: 1, alg: TICKET_ENVELOPE_ALG, kid: recipient.kid, epk: toBase64Url(epkRaw), iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) };
  return hint === undefined ? sealed : { ...sealed, hint };
}

/**
 * Opens a sealed field with the institution's private key (the server's reveal). Throws when
 * the envelope is malformed, names another key, or fails authentication (any flipped byte,
 * another field/type/version, another hint).
 */
export async function openField(envelope: SealedField, recipient: { kid: string; privateKey: WebKey }, binding: FieldBinding): Promise<string> {
  const shape = checkEnvelopeShape(envelope);
  if (!shape.ok) throw new Error(`sealed field refused: ${shape.reason}`);
  if (envelope.kid !== recipient.kid) throw new Error('sealed field refused: envelope-kid-unknown');
  const subtle = globalThis.crypto.subtle;
  const epkRaw = fromBase64Url(envelope.epk) as Uint8Array<ArrayBuffer>;
  const epk = await subtle.importKey('raw', epkRaw, P256, false, []);
  const secret = await subtle.deriveBits({ name: 'ECDH', public: epk }, recipient.privateKey, 256);
  const key = await fieldKey(secret, epkRaw, envelope.kid, 'decrypt');
  const iv = fromBase64Url(envelope.iv) as Uint8Array<ArrayBuffer>;
  const ct = fromBase64Url(envelope.ct) as Uint8Array<ArrayBuffer>;
  const plain = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: fieldAad(binding, envelope.kid, envelope.hint) }, key, ct);
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}

/** `6222 **** **** 1234`-style mask from a hint (what the agent sees after leaving the field). */
export function maskWithHint(hint: string | undefined): string {
  return hint === undefined ? '••••' : `•••• ${hint}`;
}
