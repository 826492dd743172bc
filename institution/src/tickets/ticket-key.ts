import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64Url, toBase64Url } from '../../contract/ticket-crypto.ts';
import type { WebKey, WebKeyPair } from '../../contract/ticket-crypto.ts';
import { createFieldOpener, type FieldOpener } from './ticket-open.ts';

/**
 * The institution's ticket key: an ECDH P-256 pair the desktops seal sensitive ticket fields
 * to. Kept under `<dataDir>/keys/` beside the profile-signing key (same custody: 0600 private
 * key, written atomically). The public key (SPKI, base64url) and its id go into the signed
 * site profile, so a desktop trusts it as much as the profile. Rotation: a new key gets a new
 * id; retired private keys stay readable (`ticket-key.<kid>.pkcs8`) so old tickets can still
 * be revealed — `rotateTicketKey` is the only writer.
 */
export interface TicketKey {
  kid: string;
  /** SPKI DER, base64url (what the site profile publishes). */
  publicKeySpki: string;
  privateKey: WebKey;
}

export interface TicketKeyRing {
  current: TicketKey;
  /** Every key that can open a field, current included, by id. */
  byKid: ReadonlyMap<string, WebKey>;
  /** Opens a field sealed to any of them (ticket-open.ts: synchronous, node:crypto). */
  open: FieldOpener;
}

const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

function paths(dataDir: string) {
  const dir = join(dataDir, 'keys');
  return { dir, current: join(dir, 'ticket-key.pkcs8'), retired: (kid: string) => join(dir, `ticket-key.${kid}.pkcs8`) };
}

/** First 16 hex characters of sha256 over the SPKI DER. */
function kidOf(spki: Uint8Array): string {
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

async function fromPkcs8(pkcs8: Uint8Array<ArrayBuffer>): Promise<TicketKey> {
  const subtle = globalThis.crypto.subtle;
  // Re-derive the public half through JWK (WebCrypto has no "public from private" call).
  const exportable = await subtle.importKey('pkcs8', pkcs8, P256, true, ['deriveBits']);
  const { d: _d, key_ops: _ops, ...publicJwk } = await subtle.exportKey('jwk', exportable);
  const publicKey = await subtle.importKey('jwk', { ...publicJwk, key_ops: [] }, P256, true, []);
  const spki = new Uint8Array(await subtle.exportKey('spki', publicKey));
  const privateKey = await subtle.importKey('pkcs8', pkcs8, P256, false, ['deriveBits']);
  return { kid: kidOf(spki), publicKeySpki: toBase64Url(spki), privateKey };
}

function readPkcs8(file: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64Url(readFileSync(file, 'utf8').trim());
  if (bytes === null) throw new Error(`${file} is not a base64url PKCS#8 key`);
  return bytes as Uint8Array<ArrayBuffer>;
}

async function generate(file: string): Promise<void> {
  const pair = (await globalThis.crypto.subtle.generateKey(P256, true, ['deriveBits'])) as WebKeyPair;
  const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${toBase64Url(pkcs8)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/** Loads the ticket key ring, generating the first key on first start. */
export async function loadOrCreateTicketKeys(dataDir: string): Promise<TicketKeyRing> {
  const p = paths(dataDir);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  if (!existsSync(p.current)) await generate(p.current);
  const currentPkcs8 = readPkcs8(p.current);
  const current = await fromPkcs8(currentPkcs8);
  const byKid = new Map<string, WebKey>([[current.kid, current.privateKey]]);
  const pkcs8ByKid = new Map<string, Uint8Array>([[current.kid, currentPkcs8]]);
  for (const name of readdirSync(p.dir)) {
    const match = /^ticket-key\.([0-9a-f]{16})\.pkcs8$/.exec(name);
    if (match?.[1] === undefined || byKid.has(match[1])) continue;
    const pkcs8 = readPkcs8(join(p.dir, name));
    const old = await fromPkcs8(pkcs8);
    byKid.set(old.kid, old.privateKey);
    pkcs8ByKid.set(old.kid, pkcs8);
  }
  return { current, byKid, open: createFieldOpener(pkcs8ByKid) };
}

/** Makes a new current key; the old one is kept as `ticket-key.<kid>.pkcs8` for reveals. */
export async function rotateTicketKeys(dataDir: string): Promise<TicketKeyRing> {
  const p = paths(dataDir);
  const before = await loadOrCreateTicketKeys(dataDir);
  renameSync(p.current, p.retired(before.current.kid));
  await generate(p.current);
  return loadOrCreateTicketKeys(dataDir);
}
