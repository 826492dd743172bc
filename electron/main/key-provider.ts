/**
 * The outbox key is wrapped by the OS key store through Electron's safeStorage (DPAPI on
 * Windows, Keychain on macOS, libsecret/KWallet on Linux). The async API is used: the sync
 * encryptString/decryptString are deprecated in Electron 45 and block the main thread.
 *
 * Linux without a key store falls back to "basic_text" — a password hard-coded in
 * Chromium, i.e. no protection. That is refused unless an unpackaged (lab) run opts in.
 */
import type { KeyProvider } from '../core/outbox/crypto.ts';

export type { KeyProvider };

export interface SafeStoragePort {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
}

export type KeyStoreErrorCode = 'keystore_unavailable' | 'keystore_plaintext';

export class KeyStoreError extends Error {
  readonly code: KeyStoreErrorCode;
  constructor(code: KeyStoreErrorCode) {
    super(
      code === 'keystore_unavailable'
        ? 'the OS key store is not available'
        : 'the OS key store is the plaintext fallback (basic_text); install a key ring (libsecret/KWallet)',
    );
    this.name = 'KeyStoreError';
    this.code = code;
  }
}

export interface KeyProviderOptions {
  platform: string;
  /** Honoured only for unpackaged runs (the lab); a shipped build never accepts basic_text. */
  allowPlaintextKeyStore: boolean;
}

export async function createSafeStorageKeyProvider(safeStorage: SafeStoragePort, options: KeyProviderOptions): Promise<KeyProvider> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new KeyStoreError('keystore_unavailable');
  if (options.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !options.allowPlaintextKeyStore) {
    throw new KeyStoreError('keystore_plaintext');
  }
  // safeStorage takes strings; base64 carries the key bytes through unchanged.
  return {
    wrap: async (plain) => safeStorage.encryptStringAsync(plain.toString('base64')),
    unwrap: async (wrapped) => {
      // shouldReEncrypt (the OS rotated its key) is not acted on yet: the old wrapping stays
      // readable; re-wrapping on rotation is future work.
      const { result } = await safeStorage.decryptStringAsync(wrapped);
      return Buffer.from(result, 'base64');
    },
  };
}
