import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The institution's Ed25519 profile-signing key under `<dataDir>/keys/`. Rotation keeps
 * every earlier public key in `profile-keys.json` so already-provisioned desktops that
 * pinned an old key can be migrated (re-provisioned) knowingly.
 */
export interface ProfileSigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

const KeyList = z.object({
  current: z.string(),
  keys: z.array(z.object({ keyId: z.string(), publicKeyPem: z.string(), createdAt: z.string(), retiredAt: z.string().nullable() })),
});
export type ProfileKeyList = z.infer<typeof KeyList>;

function paths(dataDir: string) {
  const dir = join(dataDir, 'keys');
  return {
    dir,
    privateKey: join(dir, 'profile-signing.key.pem'),
    publicKey: join(dir, 'profile-signing.pub.pem'),
    list: join(dir, 'profile-keys.json'),
  };
}

/** First 16 hex chars of sha256 over the public key's SPKI DER. */
export function profileKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function readList(file: string): ProfileKeyList {
  return existsSync(file) ? KeyList.parse(JSON.parse(readFileSync(file, 'utf8'))) : { current: '', keys: [] };
}

function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, file);
}

function generate(dataDir: string, now: Date): ProfileSigningKey {
  const p = paths(dataDir);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = profileKeyId(publicKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const list = readList(p.list);
  const keys = list.keys.map((k) => (k.retiredAt === null ? { ...k, retiredAt: now.toISOString() } : k));
  keys.push({ keyId, publicKeyPem, createdAt: now.toISOString(), retiredAt: null });
  writeAtomically(p.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  writeAtomically(p.publicKey, publicKeyPem, 0o644);
  writeAtomically(p.list, `${JSON.stringify({ current: keyId, keys }, null, 2)}\n`, 0o644);
  return { privateKey, publicKeyPem, keyId };
}

/** Loads the current key, generating one on first start. */
export function loadOrCreateProfileKey(dataDir: string, now: Date = new Date()): ProfileSigningKey {
  const p = paths(dataDir);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  if (!existsSync(p.privateKey)) return generate(dataDir, now);
  const privateKey = createPrivateKey(readFileSync(p.privateKey));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${p.privateKey} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: profileKeyId(publicKey) };
}

/** Replaces the signing key; the old public key stays listed as retired. */
export function rotateProfileKey(dataDir: string, now: Date = new Date()): ProfileSigningKey {
  mkdirSync(paths(dataDir).dir, { recursive: true, mode: 0o700 });
  loadOrCreateProfileKey(dataDir, now); // make sure the current key is listed before retiring it
  return generate(dataDir, now);
}

export function listProfileKeys(dataDir: string): ProfileKeyList {
  return readList(paths(dataDir).list);
}
