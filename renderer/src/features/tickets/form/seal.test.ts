import { beforeAll, describe, expect, it } from 'vitest';
import { checkEnvelopeShape, openField } from '../../../../../institution/contract/ticket-crypto.ts';
import { fieldsOf, leavesOf } from './form-model.ts';
import { CARD_LOSS, createTestTicketKey, VALID_CARD, VALID_ID, type TestTicketKey } from './form-test-kit.ts';
import { hintFor, importSealKey, maskFor, sealValue } from './seal.ts';

/**
 * Sealing round trip: the page seals with WebCrypto to the ticket key's public half, the
 * institution's open function (ticket-crypto.ts openField, what its intake and reveal run)
 * opens it with the private half — only for exactly this type, version and field.
 */
const leaves = leavesOf(fieldsOf(CARD_LOSS.schema, CARD_LOSS.uiSchema, 'zh-CN'));
const card = leaves.find((f) => f.name === 'cardNumber');
const id = leaves.find((f) => f.name === 'idNumber');
const binding = { typeId: CARD_LOSS.typeId, typeVersion: CARD_LOSS.version };

describe('sealing a sensitive field in the page', () => {
  let key: TestTicketKey;
  beforeAll(async () => {
    key = await createTestTicketKey();
  });

  it('seals a card to the ticket key; the institution opens it for this field only', async () => {
    if (card === undefined || id === undefined) throw new Error('fields missing');
    const sealKey = await importSealKey(key.key);
    const envelope = await sealValue(VALID_CARD, card, sealKey, binding);
    expect(checkEnvelopeShape(envelope).ok).toBe(true);
    expect(envelope.kid).toBe('test-k1');
    expect(envelope.hint).toBe('0128');
    expect(JSON.stringify(envelope)).not.toContain(VALID_CARD.slice(0, 12));
    const recipient = { kid: key.kid, privateKey: key.privateKey };
    expect(await openField(envelope, recipient, { ...binding, pointer: '/cardNumber' })).toBe(VALID_CARD);
    // Moved to another field, version or type: it does not open.
    await expect(openField(envelope, recipient, { ...binding, pointer: '/idNumber' })).rejects.toThrow();
    await expect(openField(envelope, recipient, { ...binding, typeVersion: 2, pointer: '/cardNumber' })).rejects.toThrow();
    await expect(openField({ ...envelope, hint: '9999' }, recipient, { ...binding, pointer: '/cardNumber' })).rejects.toThrow();
    const sealedId = await sealValue(VALID_ID, id, sealKey, binding);
    expect(sealedId.hint).toBe('002X');
    expect(await openField(sealedId, recipient, { ...binding, pointer: '/idNumber' })).toBe(VALID_ID);
  });

  it('seals the same value differently every time (fresh ephemeral key and iv)', async () => {
    if (card === undefined) throw new Error('fields missing');
    const sealKey = await importSealKey(key.key);
    const a = await sealValue(VALID_CARD, card, sealKey, binding);
    const b = await sealValue(VALID_CARD, card, sealKey, binding);
    expect(a.ct).not.toBe(b.ct);
    expect(a.epk).not.toBe(b.epk);
  });

  it('gives a hint only where the schema allows and the tail has the hint shape', () => {
    expect(hintFor({ hint: true }, VALID_CARD)).toBe('0128');
    expect(hintFor({ hint: false }, VALID_CARD)).toBeUndefined();
    expect(hintFor({ hint: true }, 'ABCD-12ab')).toBeUndefined();
  });

  it('masks a card as groups with the last four, an ID with its last four, others as the ticket detail does', () => {
    expect(maskFor({ widget: 'card-number' }, { hint: '0128' })).toBe('•••• •••• •••• 0128');
    expect(maskFor({ widget: 'id-number' }, { hint: '002X' })).toBe('••••••••••••••002X');
    expect(maskFor({ widget: 'text' }, { hint: '5678' })).toBe('•••• 5678');
    expect(maskFor({ widget: 'text' }, {})).toBe('••••');
    expect(maskFor({ widget: 'card-number' }, {})).toBe('•••• •••• •••• ••••');
  });
});
