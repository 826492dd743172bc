import { createDecipheriv, createECDH, createPrivateKey, hkdfSync, type ECDH } from 'node:crypto';
import { checkEnvelopeShape, ENVELOPE_LIMITS, FIELD_KEY_INFO, fieldAad, fromBase64Url, type FieldBinding, type SealedField } from '../../contract/ticket-crypto.ts';

/** Opens a sealed field to its value, or throws (unknown key, bad point, failed authentication, not UTF-8). */
export type FieldOpener = (envelope: SealedField, binding: FieldBinding) => string;

/**
 * The institution's side of ticket-crypto.ts's envelope, in node:crypto and synchronous: the
 * same ECDH P-256 → HKDF-SHA-256 → AES-256-GCM steps as `openField` (which desks and tests use
 * through WebCrypto), checked against it by ticket-open.test.ts. Why not WebCrypto here: each
 * WebCrypto call is a job on libuv's thread pool and a promise back, five per field; measured
 * under the ticket benchmark, their JavaScript wrappers cost the event loop more than the ECDH
 * itself (≈ 0.1 ms per field, synchronous), and the hops added queueing on a 2-core machine.
 * The private scalars stay in this closure (one ECDH object per key id, set up once).
 */
export function createFieldOpener(pkcs8ByKid: ReadonlyMap<string, Uint8Array>): FieldOpener {
  const ecdhByKid = new Map<string, ECDH>();
  for (const [kid, pkcs8] of pkcs8ByKid) {
    const jwk = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    if (jwk.crv !== 'P-256' || jwk.d === undefined) throw new Error(`ticket key ${kid} is not a P-256 private key`);
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(jwk.d, 'base64url'));
    ecdhByKid.set(kid, ecdh);
  }
  return (envelope, binding) => {
    const shape = checkEnvelopeShape(envelope);
    if (!shape.ok) throw new Error(`sealed field refused: ${shape.reason}`);
    const ecdh = ecdhByKid.get(envelope.kid);
    if (ecdh === undefined) throw new Error('sealed field refused: envelope-kid-unknown');
    // Shape-checked above: every part decodes and has its length.
    const epk = fromBase64Url(envelope.epk) as Uint8Array;
    const iv = fromBase64Url(envelope.iv) as Uint8Array;
    const sealed = fromBase64Url(envelope.ct) as Uint8Array;
    // Throws on a point that is not on the curve.
    const secret = ecdh.computeSecret(epk);
    const key = Buffer.from(hkdfSync('sha256', secret, epk, Buffer.from(FIELD_KEY_INFO + envelope.kid, 'utf8'), 32));
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: ENVELOPE_LIMITS.tagBytes });
    decipher.setAAD(fieldAad(binding, envelope.kid, envelope.hint));
    decipher.setAuthTag(sealed.subarray(sealed.length - ENVELOPE_LIMITS.tagBytes));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - ENVELOPE_LIMITS.tagBytes)), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  };
}
