import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEnvelopeShape, fromBase64Url, importTicketPublicKey, openField, sealField, toBase64Url } from './ticket-crypto.ts';
import type { FieldBinding, SealedField, WebKey } from './ticket-crypto.ts';

const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;
const BINDING: FieldBinding = { typeId: 'bank-card-loss', typeVersion: 1, pointer: '/cardNumber' };

/** Flips one bit of byte `at` in a base64url field. */
function flip(text: string, at: number): string {
  const bytes = fromBase64Url(text) as Uint8Array;
  bytes[at % bytes.length] = (bytes[at % bytes.length] ?? 0) ^ 0x01;
  return toBase64Url(bytes);
}

describe('sealed ticket field (ECDH P-256 + HKDF-SHA-256 + AES-256-GCM)', () => {
  let publicKey: WebKey;
  let privateKey: WebKey;
  let otherPrivate: WebKey;
  const kid = 'k1';
  beforeAll(async () => {
    const pair = (await crypto.subtle.generateKey(P256, true, ['deriveBits'])) as { publicKey: WebKey; privateKey: WebKey };
    // Through SPKI base64url, as the desk gets it from the site profile.
    publicKey = await importTicketPublicKey(toBase64Url(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))));
    privateKey = pair.privateKey;
    otherPrivate = ((await crypto.subtle.generateKey(P256, true, ['deriveBits'])) as { privateKey: WebKey }).privateKey;
  });

  it('round-trips a value; the envelope has the documented shape and holds no plaintext', async () => {
    const sealed = await sealField('6222021234567890128', { kid, publicKey }, BINDING, '0128');
    expect(checkEnvelopeShape(sealed)).toEqual({ ok: true, envelope: sealed });
    expect(Object.keys(sealed).sort()).toEqual(['alg', 'ct', 'epk', 'hint', 'iv', 'kid', 'v']);
    expect(JSON.stringify(sealed)).not.toContain('62220212345');
    expect(await openField(sealed, { kid, privateKey }, BINDING)).toBe('6222021234567890128');
  });

  it('property: any string round-trips, and two seals of one value differ', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 64, unit: 'grapheme' }).filter((s) => s.length > 0), async (value) => {
        const a = await sealField(value, { kid, publicKey }, BINDING);
        const b = await sealField(value, { kid, publicKey }, BINDING);
        expect(a.ct).not.toBe(b.ct);
        expect(await openField(a, { kid, privateKey }, BINDING)).toBe(value);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a flipped bit anywhere in ct, iv or epk', async () => {
    const sealed = await sealField('11010519491231002X', { kid, publicKey }, BINDING, '002X');
    const ctLength = (fromBase64Url(sealed.ct) as Uint8Array).length;
    for (let at = 0; at < ctLength; at += 1) await expect(openField({ ...sealed, ct: flip(sealed.ct, at) }, { kid, privateKey }, BINDING)).rejects.toThrow();
    for (let at = 0; at < 12; at += 1) await expect(openField({ ...sealed, iv: flip(sealed.iv, at) }, { kid, privateKey }, BINDING)).rejects.toThrow();
    // Byte 0 of the point is the 0x04 prefix (shape check); later bytes leave the curve or change the secret.
    for (const at of [1, 20, 40, 64]) await expect(openField({ ...sealed, epk: flip(sealed.epk, at) }, { kid, privateKey }, BINDING)).rejects.toThrow();
  });

  it('refuses the envelope moved to another field, type or version, or given another hint', async () => {
    const sealed = await sealField('4111111111111111', { kid, publicKey }, BINDING, '1111');
    await expect(openField(sealed, { kid, privateKey }, { ...BINDING, pointer: '/payoutCard' })).rejects.toThrow();
    await expect(openField(sealed, { kid, privateKey }, { ...BINDING, typeId: 'insurer-claim-report' })).rejects.toThrow();
    await expect(openField(sealed, { kid, privateKey }, { ...BINDING, typeVersion: 2 })).rejects.toThrow();
    await expect(openField({ ...sealed, hint: '9999' }, { kid, privateKey }, BINDING)).rejects.toThrow();
    const { hint: _hint, ...withoutHint } = sealed;
    await expect(openField(withoutHint as SealedField, { kid, privateKey }, BINDING)).rejects.toThrow();
  });

  it('refuses a wrong key id and the wrong private key', async () => {
    const sealed = await sealField('4111111111111111', { kid, publicKey }, BINDING);
    await expect(openField(sealed, { kid: 'k2', privateKey }, BINDING)).rejects.toThrow(/envelope-kid-unknown/);
    await expect(openField({ ...sealed, kid: 'k2' }, { kid: 'k2', privateKey }, BINDING)).rejects.toThrow();
    await expect(openField(sealed, { kid, privateKey: otherPrivate }, BINDING)).rejects.toThrow();
  });

  it('shape check names what is wrong', async () => {
    const sealed = await sealField('x', { kid, publicKey }, BINDING);
    const reason = (v: unknown) => {
      const r = checkEnvelopeShape(v);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('4111111111111111')).toBe('envelope-not-object');
    expect(reason({ ...sealed, extra: 1 })).toBe('envelope-extra-field');
    expect(reason({ ...sealed, v: 2 })).toBe('envelope-version');
    expect(reason({ ...sealed, alg: 'RSA-OAEP' })).toBe('envelope-alg');
    expect(reason({ ...sealed, iv: sealed.iv.slice(1) })).toBe('envelope-iv');
    expect(reason({ ...sealed, iv: `${sealed.iv}=` })).toBe('envelope-iv');
    expect(reason({ ...sealed, epk: toBase64Url(new Uint8Array(65)) })).toBe('envelope-epk');
    expect(reason({ ...sealed, ct: 'AAAA' })).toBe('envelope-ct');
    expect(reason({ ...sealed, ct: 'A'.repeat(20_000) })).toBe('envelope-ct');
    expect(reason({ ...sealed, hint: '123456789' })).toBe('envelope-hint');
    expect(reason({ ...sealed, kid: 'a b' })).toBe('envelope-kid');
  });
});
