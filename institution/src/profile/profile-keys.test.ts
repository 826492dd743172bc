import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProfileKeys, loadOrCreateProfileKey, rotateProfileKey } from './profile-keys.ts';

describe('profile-signing keys', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'institution-keys-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates an Ed25519 key on first use (private file 0600) and loads the same key later', async () => {
    const first = loadOrCreateProfileKey(dataDir);
    expect(first.privateKey.asymmetricKeyType).toBe('ed25519');
    expect((await stat(join(dataDir, 'keys', 'profile-signing.key.pem'))).mode & 0o777).toBe(0o600);
    const spki = createPublicKey(first.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(first.keyId).toBe(createHash('sha256').update(spki).digest('hex').slice(0, 16));
    const again = loadOrCreateProfileKey(dataDir);
    expect(again.keyId).toBe(first.keyId);
    const signature = sign(null, Buffer.from('x'), again.privateKey);
    expect(verify(null, Buffer.from('x'), createPublicKey(first.publicKeyPem), signature)).toBe(true);
  });

  it('rotation replaces the key and keeps every earlier public key listed as retired', () => {
    const original = loadOrCreateProfileKey(dataDir);
    const second = rotateProfileKey(dataDir);
    const third = rotateProfileKey(dataDir);
    expect(new Set([original.keyId, second.keyId, third.keyId]).size).toBe(3);
    expect(loadOrCreateProfileKey(dataDir).keyId).toBe(third.keyId);
    const list = listProfileKeys(dataDir);
    expect(list.current).toBe(third.keyId);
    expect(list.keys.map((k) => [k.keyId, k.retiredAt === null])).toEqual([
      [original.keyId, false],
      [second.keyId, false],
      [third.keyId, true],
    ]);
    expect(list.keys[0]?.publicKeyPem).toBe(original.publicKeyPem);
  });
});
