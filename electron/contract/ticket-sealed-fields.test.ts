import { describe, expect, it } from 'vitest';
import { importTicketPublicKey, sealField } from '../../institution/contract/ticket-crypto.ts';
import { unsealedSensitiveFields } from './ticket-sealed-fields.ts';

/** The guard core runs before a draft or ticket reaches the disk (and the fake desk runs too). */
const SPKI = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7WoJe5H9Vi7je7CB0BlfCUkyrbz3IQn_UFQci24t-VcVmDqUQkE0eTlu-WGuGLB7m7I-RMBxVVyvhBOfoSsRWQ';
const SECRET = { type: 'string', 'x-sensitive': true };
const SCHEMA = {
  type: 'object',
  properties: {
    card: SECRET,
    name: { type: 'string' },
    payout: { type: 'object', properties: { 'acct/no': SECRET, bank: { type: 'string' } } },
    cards: { type: 'array', items: SECRET },
  },
};

describe('unsealedSensitiveFields', () => {
  it('accepts envelopes and absent fields, names every sensitive place holding anything else', async () => {
    const recipient = { kid: 'k1', publicKey: await importTicketPublicKey(SPKI) };
    const sealed = await sealField('6222021234567890128', recipient, { typeId: 't', typeVersion: 1, pointer: '/card' }, '0128');
    expect(unsealedSensitiveFields(SCHEMA, {})).toEqual([]);
    expect(unsealedSensitiveFields(SCHEMA, { card: sealed, name: 'plain is fine here', payout: { 'acct/no': sealed, bank: 'x' }, cards: [sealed, sealed] })).toEqual([]);
    expect(
      unsealedSensitiveFields(SCHEMA, {
        card: '6222021234567890128',
        payout: { 'acct/no': 12345 },
        cards: [sealed, { ...sealed, alg: 'none' }, null],
      }),
    ).toEqual(['/card', '/payout/acct~1no', '/cards/1', '/cards/2']);
    // An envelope with something riding along is not an envelope.
    expect(unsealedSensitiveFields(SCHEMA, { card: { ...sealed, plain: '6222021234567890128' } })).toEqual(['/card']);
  });

  it('follows nothing it does not understand (the institution checks the same data against the same schema)', () => {
    expect(unsealedSensitiveFields(null, { card: 'x' })).toEqual([]);
    expect(unsealedSensitiveFields(SCHEMA, 'not an object')).toEqual([]);
    expect(unsealedSensitiveFields({ type: 'object', properties: { card: SECRET } }, { card: undefined })).toEqual([]);
  });
});
