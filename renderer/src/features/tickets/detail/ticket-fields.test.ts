import { describe, expect, it } from 'vitest';
import { TICKET_ENVELOPE_ALG } from '../../../../../institution/contract/ticket-crypto.ts';
import { formatMoney, ticketFieldRows } from './ticket-fields.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const SCHEMA = {
  type: 'object',
  properties: {
    cardNumber: { type: 'string', 'x-sensitive': true, 'x-hint': 'last4' },
    holderName: { type: 'string' },
    category: { type: 'string', enum: ['fees', 'card'] },
    freezeNow: { type: 'boolean' },
    loss: { type: 'object', properties: { minor: { type: 'integer' }, currency: { type: 'string' } } },
    address: { type: 'object', properties: { city: { type: 'string' }, idNumber: { type: 'string', 'x-sensitive': true } } },
    notes: { type: 'string' },
  },
};
const UI = {
  'ui:order': ['holderName', 'cardNumber', 'category', 'freezeNow', 'loss', 'address'],
  cardNumber: { 'ui:title': t('卡号', 'Card number') },
  holderName: { 'ui:title': t('持卡人姓名', 'Cardholder name') },
  category: { 'ui:title': t('类别', 'Category'), 'ui:enumNames': [t('收费', 'Fees'), t('银行卡', 'Cards')] },
  address: { 'ui:title': t('地址', 'Address'), city: { 'ui:title': t('城市', 'City') } },
};
// A well-formed envelope (shape only: 65-byte epk starting 0x04, 12-byte iv, ≥ 17-byte ct).
const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const envelope = (hint?: string) => ({
  v: 1,
  alg: TICKET_ENVELOPE_ALG,
  kid: 'k1',
  epk: b64([4, ...Array.from({ length: 64 }, (_, i) => i)]),
  iv: b64(Array.from({ length: 12 }, (_, i) => i)),
  ct: b64(Array.from({ length: 32 }, (_, i) => i)),
  ...(hint === undefined ? {} : { hint }),
});

describe('ticket fields from the UI schema', () => {
  const data = {
    cardNumber: envelope('1234'),
    holderName: '王小明',
    category: 'fees',
    freezeNow: true,
    loss: { minor: 123456, currency: 'CNY' },
    address: { city: '上海', idNumber: envelope() },
  };

  it('follows ui:order, titles and enum labels in the agent language, then the fields the order forgot', () => {
    const rows = ticketFieldRows(SCHEMA, UI, data, 'zh-CN');
    expect(rows.map((r) => r.label)).toEqual(['持卡人姓名', '卡号', '类别', 'freezeNow', 'loss', '地址 › 城市', '地址 › idNumber', 'notes']);
    expect(rows.find((r) => r.pointer === '/category')?.value).toEqual({ kind: 'text', text: '收费' });
    expect(ticketFieldRows(SCHEMA, UI, data, 'en-US').find((r) => r.pointer === '/category')?.value).toEqual({ kind: 'text', text: 'Fees' });
    expect(rows.find((r) => r.pointer === '/freezeNow')?.value).toEqual({ kind: 'boolean', value: true });
    expect(rows.find((r) => r.pointer === '/notes')?.value).toEqual({ kind: 'empty' });
    expect(rows.find((r) => r.pointer === '/address/city')?.value).toEqual({ kind: 'text', text: '上海' });
  });

  it('shows a sealed field as its mask only (hint where the envelope has one), with the pointer reveal needs', () => {
    const rows = ticketFieldRows(SCHEMA, UI, data, 'zh-CN');
    expect(rows.find((r) => r.pointer === '/cardNumber')?.value).toEqual({ kind: 'sealed', mask: '•••• 1234' });
    expect(rows.find((r) => r.pointer === '/address/idNumber')?.value).toEqual({ kind: 'sealed', mask: '••••' });
  });

  it('never shows a sensitive field in clear, even if plaintext were there', () => {
    const rows = ticketFieldRows(SCHEMA, UI, { ...data, cardNumber: '6222020200112233445' }, 'en-US');
    const card = rows.find((r) => r.pointer === '/cardNumber');
    expect(card?.value).toEqual({ kind: 'sealed', mask: '••••' });
    expect(JSON.stringify(rows)).not.toContain('6222020200112233445');
  });

  it('formats amounts in the currency minor units', () => {
    expect(formatMoney(123456, 'CNY', 'en-US')).toBe('CN¥1,234.56');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
    expect(ticketFieldRows(SCHEMA, UI, data, 'en-US').find((r) => r.pointer === '/loss')?.value).toEqual({ kind: 'text', text: 'CN¥1,234.56' });
  });

  it('escapes pointer segments and ignores data the schema does not describe', () => {
    const schema = { type: 'object', properties: { 'a/b~c': { type: 'string' } } };
    expect(ticketFieldRows(schema, {}, { 'a/b~c': 'x', extra: 'y' }, 'en-US')).toEqual([{ pointer: '/a~1b~0c', label: 'a/b~c', value: { kind: 'text', text: 'x' } }]);
    expect(ticketFieldRows(null, null, null, 'en-US')).toEqual([]);
  });
});
