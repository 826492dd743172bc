import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openField, sealField, toBase64Url, fromBase64Url, type FieldBinding, type SealedField, type WebKeyPair } from '../../contract/ticket-crypto.ts';
import { createFieldOpener } from './ticket-open.ts';

const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;
const subtle = globalThis.crypto.subtle;

async function keyPair(): Promise<{ pair: WebKeyPair; pkcs8: Uint8Array }> {
  const pair = (await subtle.generateKey(P256, true, ['deriveBits'])) as WebKeyPair;
  return { pair, pkcs8: new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey)) };
}

/** One byte of a base64url part flipped. */
function flip(text: string, at: number): string {
  const bytes = fromBase64Url(text) as Uint8Array;
  const copy = new Uint8Array(bytes);
  const i = at % copy.length;
  copy[i] = (copy[i] as number) ^ 0x01;
  return toBase64Url(copy);
}

const attempt = async (open: () => Promise<string> | string): Promise<string> => {
  try {
    return await open();
  } catch {
    return 'refused';
  }
};

describe('the institution opens sealed fields synchronously, exactly as WebCrypto openField does', () => {
  const kid = 'k0123456789abcdef';

  it('agrees with openField on random values, bindings and hints, and refuses every tampering openField refuses', async () => {
    const { pair, pkcs8 } = await keyPair();
    const open = createFieldOpener(new Map([[kid, pkcs8]]));
    const recipient = { kid, publicKey: pair.publicKey };
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }),
        fc.record({ typeId: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), typeVersion: fc.integer({ min: 1, max: 1000 }), pointer: fc.constantFrom('/cardNumber', '/idNumber', '/a/b', '/x~1y') }),
        fc.boolean(),
        fc.constantFrom('ct', 'iv', 'epk', 'pointer', 'version', 'hint', 'none'),
        fc.nat(),
        async (value, binding, withHint, tamper, at) => {
          const hint = withHint ? value.slice(-2) || undefined : undefined;
          const sealed = await sealField(value, recipient, binding, hint);
          let envelope: SealedField = sealed;
          let bound: FieldBinding = binding;
          if (tamper === 'ct' || tamper === 'iv' || tamper === 'epk') envelope = { ...sealed, [tamper]: flip(sealed[tamper], at) };
          if (tamper === 'pointer') bound = { ...binding, pointer: `${binding.pointer}x` };
          if (tamper === 'version') bound = { ...binding, typeVersion: binding.typeVersion + 1 };
          if (tamper === 'hint') envelope = { ...sealed, hint: `${sealed.hint ?? ''}z` };
          const viaWebCrypto = await attempt(() => openField(envelope, { kid, privateKey: pair.privateKey }, bound));
          const viaNode = await attempt(() => open(envelope, bound));
          expect(viaNode).toBe(viaWebCrypto);
          expect(viaNode).toBe(tamper === 'none' ? value : 'refused');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('opens with a retired key by its id and refuses an unknown id or another key', async () => {
    const current = await keyPair();
    const retired = await keyPair();
    const open = createFieldOpener(
      new Map([
        [kid, current.pkcs8],
        ['retired0123456789', retired.pkcs8],
      ]),
    );
    const binding = { typeId: 'bank-card-loss', typeVersion: 1, pointer: '/cardNumber' };
    const old = await sealField('6222020200112233', { kid: 'retired0123456789', publicKey: retired.pair.publicKey }, binding, '2233');
    expect(open(old, binding)).toBe('6222020200112233');
    expect(() => open({ ...old, kid: 'unknown0123456789' }, binding)).toThrow(/kid-unknown/);
    // Sealed to the retired key but labelled with the current key's id: the ECDH secret differs.
    expect(() => open({ ...old, kid }, binding)).toThrow();
  });
});
