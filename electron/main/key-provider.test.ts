import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSafeStorageKeyProvider, KeyStoreError } from './key-provider.ts';
import { FakeSafeStorage } from './testing/fake-electron.ts';

describe('createSafeStorageKeyProvider', () => {
  it('wraps and unwraps key bytes through the OS key store', async () => {
    const provider = await createSafeStorageKeyProvider(new FakeSafeStorage(), { platform: 'win32', allowPlaintextKeyStore: false });
    const key = randomBytes(32);
    const wrapped = await provider.wrap(key);
    expect(wrapped.includes(key)).toBe(false);
    expect(wrapped.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(await provider.unwrap(wrapped)).toEqual(key);
  });

  it('cannot unwrap what another key store wrapped', async () => {
    const a = await createSafeStorageKeyProvider(new FakeSafeStorage(), { platform: 'darwin', allowPlaintextKeyStore: false });
    const b = await createSafeStorageKeyProvider(new FakeSafeStorage(), { platform: 'darwin', allowPlaintextKeyStore: false });
    await expect(b.unwrap(await a.wrap(randomBytes(32)))).rejects.toThrow();
  });

  it('refuses to start without a key store', async () => {
    const storage = new FakeSafeStorage();
    storage.available = false;
    await expect(createSafeStorageKeyProvider(storage, { platform: 'win32', allowPlaintextKeyStore: true })).rejects.toMatchObject({
      code: 'keystore_unavailable',
    });
  });

  it('refuses Linux basic_text (a hard-coded password) unless a lab run allows it', async () => {
    const storage = new FakeSafeStorage();
    storage.backend = 'basic_text';
    const refused = createSafeStorageKeyProvider(storage, { platform: 'linux', allowPlaintextKeyStore: false });
    await expect(refused).rejects.toBeInstanceOf(KeyStoreError);
    await expect(refused).rejects.toMatchObject({ code: 'keystore_plaintext' });
    await expect(createSafeStorageKeyProvider(storage, { platform: 'linux', allowPlaintextKeyStore: true })).resolves.toBeDefined();
  });
});
