import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../../i18n/translate.ts';
import { issueMessage } from './field-messages.ts';
import { fieldIssues } from './form-issues.ts';
import { fieldsOf, leavesOf } from './form-model.ts';
import { CARD_LOSS, CHECK_BAD_ID, CLAIM, LUHN_BAD_CARD, VALID_CARD } from './form-test-kit.ts';
import { dataOf, normalize, parseAmount, formatAmount, rawOf } from './form-values.ts';

const zh = translatorFor('zh-CN');
const en = translatorFor('en-US');

describe('fields from schema + UI schema', () => {
  it('lays out the fields in ui:order with their widgets, titles in the user language and options', () => {
    const zhFields = fieldsOf(CARD_LOSS.schema, CARD_LOSS.uiSchema, 'zh-CN');
    expect(zhFields.map((f) => [f.name, f.widget, f.required, f.sensitive, f.hint])).toEqual([
      ['cardNumber', 'card-number', true, true, true],
      ['holderName', 'text', true, false, false],
      ['idNumber', 'id-number', true, true, true],
      ['mobile', 'phone', true, false, false],
      ['freezeNow', 'checkbox', true, false, false],
      ['notes', 'textarea', false, false, false],
    ]);
    expect(zhFields[0]?.title).toBe('卡号');
    expect(fieldsOf(CARD_LOSS.schema, CARD_LOSS.uiSchema, 'en-US')[0]?.help).toBe('Encrypted as you leave the field');
    const claim = fieldsOf(CLAIM.schema, CLAIM.uiSchema, 'en-US');
    expect(claim.map((f) => [f.name, f.widget, f.kind])).toEqual([
      ['contactPhone', 'phone', 'string'],
      ['incidentType', 'select', 'string'],
      ['slot', 'radio', 'string'],
      ['estimatedLoss', 'money', 'money'],
    ]);
    expect(claim[1]?.options).toEqual([
      { value: 'vehicle', label: 'Vehicle' },
      { value: 'medical', label: 'Medical' },
    ]);
  });

  it('never lets a UI schema put a widget on a value it cannot hold', () => {
    const schema = { type: 'object', properties: { a: { type: 'boolean' }, b: { type: 'string', maxLength: 9, format: 'bank-card' } }, additionalProperties: false };
    const fields = fieldsOf(schema, { a: { 'ui:widget': 'text' }, b: { 'ui:widget': 'checkbox' } }, 'zh-CN');
    expect(fields.map((f) => f.widget)).toEqual(['checkbox', 'card-number']);
  });
});

describe('typed text ↔ ticket data', () => {
  const leaves = leavesOf(fieldsOf(CLAIM.schema, CLAIM.uiSchema, 'zh-CN'));
  it('normalizes what agents type: spaces in cards, lower-case x, +86, full-width digits', () => {
    expect(normalize({ widget: 'card-number' }, '6222 0212 3456 7890 128')).toBe('6222021234567890128');
    expect(normalize({ widget: 'id-number' }, '11010519491231002x')).toBe('11010519491231002X');
    expect(normalize({ widget: 'phone' }, '+86 138 0013 8000')).toBe('13800138000');
    expect(normalize({ widget: 'phone' }, '１３８００１３８０００')).toBe('13800138000');
    expect(normalize({ widget: 'text' }, '  王小明 ')).toBe('王小明');
  });

  it('turns amounts into minor units by the currency and back', () => {
    expect(parseAmount('1,234.5', 'CNY')).toBe(123450);
    expect(parseAmount('12.345', 'CNY')).toBeNull();
    expect(parseAmount('500', 'JPY')).toBe(500);
    expect(parseAmount('5.5', 'JPY')).toBeNull();
    expect(parseAmount('-1', 'CNY')).toBeNull();
    expect(formatAmount(123450, 'CNY')).toBe('1234.50');
    expect(formatAmount(5, 'USD')).toBe('0.05');
  });

  it('builds the data (money as {minor, currency}, enums, absent when empty) and restores the inputs from it', () => {
    const raw = { '/contactPhone': '010-62345678', '/incidentType': 'medical', '/slot': '', '/estimatedLoss': '88.8', '/estimatedLoss/currency': 'HKD' };
    const data = dataOf(leaves, raw, {}, 'wire');
    expect(data).toEqual({ contactPhone: '010-62345678', incidentType: 'medical', estimatedLoss: { minor: 8880, currency: 'HKD' } });
    expect(rawOf(leaves, data).raw).toEqual({ '/contactPhone': '010-62345678', '/incidentType': 'medical', '/estimatedLoss': '88.80', '/estimatedLoss/currency': 'HKD' });
  });

  it('keeps the plaintext of a sensitive field out of the wire data', () => {
    const card = leavesOf(fieldsOf(CARD_LOSS.schema, CARD_LOSS.uiSchema, 'zh-CN'));
    const raw = { '/cardNumber': VALID_CARD, '/holderName': '王' };
    expect(dataOf(card, raw, {}, 'check')).toMatchObject({ cardNumber: VALID_CARD });
    expect(JSON.stringify(dataOf(card, raw, {}, 'wire'))).not.toContain(VALID_CARD.slice(-8));
  });
});

describe('field messages in both languages', () => {
  const leaves = leavesOf(fieldsOf(CARD_LOSS.schema, CARD_LOSS.uiSchema, 'zh-CN'));
  const messages = (t: typeof zh, raw: Record<string, string | boolean>) => {
    const issues = fieldIssues(CARD_LOSS.schema, leaves, raw, {});
    return Object.fromEntries(leaves.flatMap((f) => {
      const issue = issues.get(f.pointer);
      const typed = raw[f.pointer];
      return issue === undefined ? [] : [[f.name, issueMessage(t, f, issue, typeof typed === 'string' ? normalize(f, typed) : '')]];
    }));
  };

  it('says what is wrong with a card or ID number: Luhn, check character, length, characters', () => {
    const raw = { '/cardNumber': LUHN_BAD_CARD, '/holderName': '王', '/idNumber': CHECK_BAD_ID, '/mobile': '1380013800', '/freezeNow': false };
    expect(messages(zh, raw)).toEqual({
      cardNumber: '卡号校验位不正确，请与客户核对卡号。',
      idNumber: '身份证号码校验位不正确，请与客户核对号码。',
      mobile: '请输入 11 位手机号码，如 13800138000。',
    });
    expect(messages(en, raw)).toEqual({
      cardNumber: 'The card number’s check digit is wrong (Luhn). Check the number with the customer.',
      idNumber: 'The ID number’s check character is wrong. Check the number with the customer.',
      mobile: 'Enter an 11-digit mobile number, e.g. 13800138000.',
    });
    expect(messages(zh, { ...raw, '/cardNumber': '6222 0212', '/idNumber': '1101051949123100' })).toMatchObject({ cardNumber: '卡号应为 12–19 位数字，当前 8 位。', idNumber: '身份证号码应为 18 位，当前 16 位。' });
    expect(messages(en, { ...raw, '/cardNumber': '6222O21234567890128', '/idNumber': '11010519490230002X' })).toMatchObject({ cardNumber: 'A card number has digits only.', idNumber: 'The date of birth in this ID number does not exist.' });
  });

  it('names required fields, too-long text and the mobile-or-landline choice', () => {
    expect(messages(zh, { '/notes': 'x'.repeat(501), '/freezeNow': false })).toMatchObject({ holderName: '请填写此项。', notes: '最多 500 个字符，当前 501 个。' });
    const claimLeaves = leavesOf(fieldsOf(CLAIM.schema, CLAIM.uiSchema, 'en-US'));
    const issues = fieldIssues(CLAIM.schema, claimLeaves, { '/contactPhone': '12345', '/estimatedLoss': '1.234' }, {});
    const phone = claimLeaves[0];
    const money = claimLeaves[3];
    if (phone === undefined || money === undefined) throw new Error('fields missing');
    expect(issueMessage(en, phone, issues.get('/contactPhone') ?? { pointer: '', code: '' }, '12345')).toBe('Enter a mobile or landline number, e.g. 13800138000 or 010-62345678.');
    expect(issueMessage(zh, money, issues.get('/estimatedLoss') ?? { pointer: '', code: '' }, '1.234')).toBe('请输入有效金额，最多 2 位小数。');
    expect(issueMessage(zh, claimLeaves[1] ?? phone, issues.get('/incidentType') ?? { pointer: '', code: '' }, '')).toBe('请选择一项。');
  });
});
