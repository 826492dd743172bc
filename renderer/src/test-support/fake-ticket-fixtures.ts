import type { Ticket, TicketTypeVersion } from '../../../electron/contract/channels.ts';

/** Fixtures of the fake desk's tickets (fake-tickets.ts): the test ticket key, types like the demo seed's, operators. */

const AT = '2026-11-01T08:00:00.000Z';

export interface FakeOperator {
  id: string;
  displayName: string;
  process: boolean;
}
/** Like the demo seed's operators: two agents, a supervisor and an admin (both may process tickets). */
export const FAKE_OPERATORS: readonly FakeOperator[] = [
  { id: 'A1001', displayName: '王小明', process: false },
  { id: 'A1002', displayName: '李娜', process: false },
  { id: 'ADM01', displayName: '陈静', process: true },
  { id: 'S2001', displayName: '张伟', process: true },
];

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const CLOSED = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false };

/** A test-only P-256 ticket key (SPKI and PKCS#8, base64url): the form seals to it, tests open with it. */
export const FAKE_TICKET_KEY = {
  keyId: 'fake-ticket-k1',
  publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7WoJe5H9Vi7je7CB0BlfCUkyrbz3IQn_UFQci24t-VcVmDqUQkE0eTlu-WGuGLB7m7I-RMBxVVyvhBOfoSsRWQ',
  privateKeyPkcs8: 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg-sjBbLdzxoeaTe6cwpEo6oFusxroiP8jNpeQ4aGfH26hRANCAATtagl7kf1WLuN7sIHQGV8JSTKtvPchCf9QVByLbi35VxWYOpRCQTR5OW75Ya4YsHubsj5EwHFVXK-EE5-hKxFZ',
} as const;

/** Like the demo seed's card-loss report and complaint (institution/src/seed/demo-tickets.ts), cut down. */
export const FAKE_TICKET_TYPES: readonly TicketTypeVersion[] = [
  {
    typeId: 'bank-card-loss',
    version: 1,
    businessLine: 'bank',
    name: t('银行卡挂失', 'Card loss report'),
    complaint: false,
    schema: {
      ...CLOSED,
      properties: {
        cardNumber: { type: 'string', maxLength: 19, format: 'bank-card', 'x-sensitive': true, 'x-hint': 'last4' },
        holderName: { type: 'string', minLength: 1, maxLength: 40 },
        idNumber: { type: 'string', maxLength: 18, format: 'cn-resident-id', 'x-sensitive': true, 'x-hint': 'last4' },
        mobile: { type: 'string', maxLength: 11, format: 'cn-mobile' },
        lostOn: { type: 'string', maxLength: 10, format: 'date' },
        freezeNow: { type: 'boolean' },
      },
      required: ['cardNumber', 'holderName', 'idNumber', 'mobile', 'lostOn', 'freezeNow'],
    },
    uiSchema: {
      'ui:order': ['cardNumber', 'holderName', 'idNumber', 'mobile', 'lostOn', 'freezeNow'],
      cardNumber: { 'ui:title': t('卡号', 'Card number'), 'ui:widget': 'card-number' },
      holderName: { 'ui:title': t('持卡人姓名', 'Cardholder name'), 'ui:widget': 'text' },
      idNumber: { 'ui:title': t('身份证号码', 'Resident ID number'), 'ui:widget': 'id-number' },
      mobile: { 'ui:title': t('预留手机号', 'Registered mobile'), 'ui:widget': 'phone' },
      lostOn: { 'ui:title': t('遗失日期', 'Date lost'), 'ui:widget': 'date' },
      freezeNow: { 'ui:title': t('立即冻结', 'Freeze now'), 'ui:widget': 'checkbox' },
    },
    createdAt: AT,
    createdBy: 'ADM01',
  },
  {
    typeId: 'bank-complaint',
    version: 1,
    businessLine: 'bank',
    name: t('投诉受理', 'Complaint'),
    complaint: true,
    schema: {
      ...CLOSED,
      properties: {
        customerName: { type: 'string', minLength: 1, maxLength: 40 },
        category: { type: 'string', enum: ['service', 'fees', 'other'] },
        description: { type: 'string', minLength: 1, maxLength: 2000 },
      },
      required: ['customerName', 'category', 'description'],
    },
    uiSchema: {
      'ui:order': ['customerName', 'category', 'description'],
      customerName: { 'ui:title': t('客户姓名', 'Customer name'), 'ui:widget': 'text' },
      category: { 'ui:title': t('投诉类别', 'Category'), 'ui:widget': 'select', 'ui:enumNames': [t('服务', 'Service'), t('收费', 'Fees'), t('其他', 'Other')] },
      description: { 'ui:title': t('投诉内容', 'What happened'), 'ui:widget': 'textarea' },
    },
    createdAt: AT,
    createdBy: 'ADM01',
  },
];

/** A ticket as the institution lists it (a bank complaint by A1001, no data), for store tests that script the desk. */
export const institutionTicket = (id: string, status: Ticket['status'], extra: Partial<Ticket> = {}): Ticket => ({
  id,
  typeId: 'bank-complaint',
  typeVersion: 1,
  status,
  data: {},
  createdAt: AT,
  receivedAt: '2026-11-01T08:00:01.000Z',
  filedBy: 'A1001',
  filedInSession: 's',
  workstationId: 'WS',
  assignee: null,
  call: null,
  complaint: null,
  updatedAt: '2026-11-01T08:00:01.000Z',
  ...extra,
});
