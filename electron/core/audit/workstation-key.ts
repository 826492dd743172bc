import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { OutboxStore } from '../outbox/store.ts';

/**
 * The workstation's Ed25519 audit signing key. Generated once, kept only inside the
 * outbox database encrypted with the outbox data key (itself wrapped by the OS
 * keystore), and enrolled with the institution at start-up with the one-time code IT
 * provisioned (electron/core/enrollment/enroller.ts).
 */
const SECRET_NAME = 'workstation-ed25519-pkcs8';

export function loadOrCreateWorkstationKey(store: OutboxStore): KeyObject {
  const der = store.getSecret(SECRET_NAME);
  if (der) return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const { privateKey } = generateKeyPairSync('ed25519');
  store.putSecret(SECRET_NAME, privateKey.export({ format: 'der', type: 'pkcs8' }));
  return privateKey;
}

/** SPKI DER, base64: the format EnrollWorkstationRequest.publicKey expects. */
export function publicKeySpkiBase64(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
}
