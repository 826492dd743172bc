import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../../i18n/translate.ts';
import type { TicketTypeVersion } from '../tickets-bridge.ts';
import { refusedLines } from './refused-fields.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
/** The demo complaint's shape (institution/src/seed/demo-tickets.ts): a name, a mobile-or-landline number, a category. */
const COMPLAINT: TicketTypeVersion = {
  typeId: 'bank-complaint',
  version: 1,
  businessLine: 'bank',
  name: t('投诉受理', 'Complaint'),
  complaint: true,
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties: {
      customerName: { type: 'string', minLength: 1, maxLength: 40 },
      contactPhone: { type: 'string', maxLength: 20, anyOf: [{ format: 'cn-mobile' }, { format: 'cn-landline' }] },
      category: { type: 'string', enum: ['service', 'fees'] },
    },
    required: ['customerName', 'contactPhone', 'category'],
  },
  uiSchema: {
    customerName: { 'ui:title': t('客户姓名', 'Customer name') },
    contactPhone: { 'ui:title': t('联系电话', 'Contact number') },
    category: { 'ui:title': t('投诉类别', 'Category'), 'ui:enumNames': [t('服务', 'Service'), t('收费', 'Fees')] },
  },
  createdAt: '2026-11-01T08:00:00.000Z',
  createdBy: 'ADM01',
};
/** What the reference institution answered for a complaint with no name and "12345" as its number. */
const REFUSED = [
  { pointer: '/data/customerName', code: 'required' },
  { pointer: '/data/contactPhone', code: 'format:cn-mobile' },
  { pointer: '/data/contactPhone', code: 'format:cn-landline' },
  { pointer: '/data/contactPhone', code: 'anyOf' },
];
const said = (language: 'zh-CN' | 'en-US', problems: { pointer: string; code: string }[], type: TicketTypeVersion | null = COMPLAINT) =>
  refusedLines(translatorFor(language), problems, type ?? undefined, language).map((line) => (line.kind === 'field' ? `${line.title} | ${line.message}` : `${line.pointer} | ${line.code}`));

describe('a refused ticket’s problems, in words', () => {
  it('names each field by its title, once, and says what is wrong as the form does (mobile or landline, not three codes)', () => {
    expect(said('zh-CN', REFUSED)).toEqual(['客户姓名 | 请填写此项。', '联系电话 | 请输入手机号码或固定电话号码，如 13800138000 或 010-62345678。']);
    expect(said('en-US', REFUSED)).toEqual(['Customer name | This field is required.', 'Contact number | Enter a mobile or landline number, e.g. 13800138000 or 010-62345678.']);
  });

  it('takes a length limit the bare code leaves out from the field’s schema, and never describes a value it does not have', () => {
    expect(said('zh-CN', [{ pointer: '/data/customerName', code: 'maxLength' }])).toEqual(['客户姓名 | 超过 40 个字符的上限。']);
    expect(said('zh-CN', [{ pointer: '/data/category', code: 'enum' }])).toEqual(['投诉类别 | 请选择一项。']);
    expect(said('zh-CN', [{ pointer: '/data/customerName', code: 'sealed-invalid' }])).toEqual(['客户姓名 | 此项内容无效，请检查。']);
  });

  it('keeps the institution’s pointer and code where no field owns the problem, or the type is not known', () => {
    expect(said('zh-CN', [{ pointer: '/data', code: 'required' }, { pointer: '/typeVersion', code: 'unknown' }, { pointer: '/data/nickname', code: 'additionalProperties' }])).toEqual([
      '/data | required',
      '/typeVersion | unknown',
      '/data/nickname | additionalProperties',
    ]);
    expect(said('zh-CN', [{ pointer: '/data/customerName', code: 'required' }], null)).toEqual(['/data/customerName | required']);
  });
});
