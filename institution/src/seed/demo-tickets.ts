import type { CreateTicketTypeRequest } from '../../contract/ticket-api.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { createTicketTypes } from '../tickets/ticket-types.ts';

/**
 * Demo ticket types, bilingual: a bank's card-loss report, complaint and appointment, a
 * broker's account inquiry, an insurer's claim report. Each goes through the same checks as
 * an admin's (ticket-schema.ts), so the seed proves the rules accept realistic forms.
 *
 * UI schema (read by next session's form renderer): `ui:order` lists the fields; each field
 * has `ui:title` and optionally `ui:help` / `ui:placeholder` as { zh-CN, en-US } and a
 * `ui:widget` (text, textarea, select, radio, date, checkbox, card-number, id-number, phone,
 * money). Enum labels come from `ui:enumNames` (same order as `enum`), also bilingual.
 */
type Json = Record<string, unknown>;
const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const text = (max: number): Json => ({ type: 'string', minLength: 1, maxLength: max });
const field = (title: ReturnType<typeof t>, widget: string, extra: Json = {}): Json => ({ 'ui:title': title, 'ui:widget': widget, ...extra });
const closed = (properties: Json, required: string[]): Json => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties, required, additionalProperties: false });

const CARD: Json = { type: 'string', maxLength: 19, format: 'bank-card', 'x-sensitive': true, 'x-hint': 'last4' };
const RESIDENT_ID: Json = { type: 'string', maxLength: 18, format: 'cn-resident-id', 'x-sensitive': true, 'x-hint': 'last4' };
const MOBILE: Json = { type: 'string', maxLength: 11, format: 'cn-mobile' };
const DATE: Json = { type: 'string', maxLength: 10, format: 'date' };
const MONEY: Json = {
  type: 'object',
  properties: { minor: { type: 'integer', minimum: 0, maximum: 10_000_000_000_000 }, currency: { type: 'string', maxLength: 3, format: 'currency-code' } },
  required: ['minor', 'currency'],
  additionalProperties: false,
};
const PHONE_ANY: Json = { type: 'string', maxLength: 20, anyOf: [{ format: 'cn-mobile' }, { format: 'cn-landline' }] };

const CARD_LOSS: CreateTicketTypeRequest = {
  id: 'bank-card-loss',
  businessLine: 'bank',
  name: t('银行卡挂失', 'Card loss report'),
  complaint: false,
  schema: closed(
    { cardNumber: CARD, holderName: text(40), idNumber: RESIDENT_ID, mobile: MOBILE, lostOn: DATE, freezeNow: { type: 'boolean' }, notes: { type: 'string', maxLength: 500 } },
    ['cardNumber', 'holderName', 'idNumber', 'mobile', 'lostOn', 'freezeNow'],
  ),
  uiSchema: {
    'ui:order': ['cardNumber', 'holderName', 'idNumber', 'mobile', 'lostOn', 'freezeNow', 'notes'],
    cardNumber: field(t('卡号', 'Card number'), 'card-number', { 'ui:help': t('离开此栏后即加密，仅显示末四位', 'Encrypted as you leave the field; only the last 4 digits stay visible') }),
    holderName: field(t('持卡人姓名', 'Cardholder name'), 'text'),
    idNumber: field(t('身份证号码', 'Resident ID number'), 'id-number', { 'ui:help': t('18位，末位可为X', '18 characters; the last may be X') }),
    mobile: field(t('预留手机号', 'Registered mobile'), 'phone'),
    lostOn: field(t('遗失日期', 'Date lost'), 'date'),
    freezeNow: field(t('立即冻结', 'Freeze now'), 'checkbox'),
    notes: field(t('备注', 'Notes'), 'textarea'),
  },
};

const COMPLAINT: CreateTicketTypeRequest = {
  id: 'bank-complaint',
  businessLine: 'bank',
  name: t('投诉受理', 'Complaint'),
  complaint: true,
  schema: closed(
    {
      customerName: text(40),
      contactPhone: PHONE_ANY,
      category: { type: 'string', enum: ['service', 'fees', 'card', 'loan', 'staff', 'other'] },
      incidentDate: DATE,
      description: text(2000),
      desiredOutcome: { type: 'string', maxLength: 500 },
    },
    ['customerName', 'contactPhone', 'category', 'description'],
  ),
  uiSchema: {
    'ui:order': ['customerName', 'contactPhone', 'category', 'incidentDate', 'description', 'desiredOutcome'],
    customerName: field(t('客户姓名', 'Customer name'), 'text'),
    contactPhone: field(t('联系电话', 'Contact number'), 'phone', { 'ui:help': t('手机或固话（如 010-62345678）', 'Mobile or landline (e.g. 010-62345678)') }),
    category: field(t('投诉类别', 'Category'), 'select', { 'ui:enumNames': [t('服务', 'Service'), t('收费', 'Fees'), t('银行卡', 'Cards'), t('贷款', 'Loans'), t('工作人员', 'Staff'), t('其他', 'Other')] }),
    incidentDate: field(t('发生日期', 'Date of incident'), 'date'),
    description: field(t('投诉内容', 'What happened'), 'textarea', { 'ui:help': t('监管时限：受理后15日内答复', 'Regulatory clock: answer within 15 days of filing') }),
    desiredOutcome: field(t('客户诉求', 'Outcome the customer asks for'), 'textarea'),
  },
};

const APPOINTMENT: CreateTicketTypeRequest = {
  id: 'bank-appointment',
  businessLine: 'bank',
  name: t('预约受理', 'Appointment'),
  complaint: false,
  schema: closed(
    { customerName: text(40), mobile: MOBILE, service: { type: 'string', enum: ['account-opening', 'large-withdrawal', 'wealth-advice', 'loan-consultation'] }, branch: text(80), date: DATE, slot: { type: 'string', enum: ['am', 'pm'] } },
    ['customerName', 'mobile', 'service', 'branch', 'date', 'slot'],
  ),
  uiSchema: {
    'ui:order': ['customerName', 'mobile', 'service', 'branch', 'date', 'slot'],
    customerName: field(t('客户姓名', 'Customer name'), 'text'),
    mobile: field(t('手机号', 'Mobile'), 'phone'),
    service: field(t('业务类型', 'Service'), 'select', { 'ui:enumNames': [t('开户', 'Account opening'), t('大额取现', 'Large withdrawal'), t('理财咨询', 'Wealth advice'), t('贷款咨询', 'Loan consultation')] }),
    branch: field(t('网点', 'Branch'), 'text'),
    date: field(t('预约日期', 'Date'), 'date'),
    slot: field(t('时段', 'Time of day'), 'radio', { 'ui:enumNames': [t('上午', 'Morning'), t('下午', 'Afternoon')] }),
  },
};

const BROKER_INQUIRY: CreateTicketTypeRequest = {
  id: 'broker-account-inquiry',
  businessLine: 'broker',
  name: t('账户查询', 'Account inquiry'),
  complaint: false,
  schema: closed(
    {
      accountNumber: { type: 'string', maxLength: 16, pattern: '^[0-9]{10,16}$', 'x-sensitive': true, 'x-hint': 'last4' },
      customerName: text(40),
      contactPhone: PHONE_ANY,
      topic: { type: 'string', enum: ['balance', 'trade-status', 'margin', 'transfer', 'other'] },
      details: text(1000),
    },
    ['accountNumber', 'customerName', 'contactPhone', 'topic', 'details'],
  ),
  uiSchema: {
    'ui:order': ['accountNumber', 'customerName', 'contactPhone', 'topic', 'details'],
    accountNumber: field(t('资金账号', 'Account number'), 'text', { 'ui:help': t('10–16位数字，离开此栏后即加密', '10–16 digits; encrypted as you leave the field') }),
    customerName: field(t('客户姓名', 'Customer name'), 'text'),
    contactPhone: field(t('联系电话', 'Contact number'), 'phone'),
    topic: field(t('查询事项', 'Topic'), 'select', { 'ui:enumNames': [t('资产余额', 'Balance'), t('委托状态', 'Trade status'), t('融资融券', 'Margin'), t('银证转账', 'Transfer'), t('其他', 'Other')] }),
    details: field(t('详细说明', 'Details'), 'textarea'),
  },
};

const CLAIM: CreateTicketTypeRequest = {
  id: 'insurer-claim-report',
  businessLine: 'insurer',
  name: t('理赔报案', 'Claim report'),
  complaint: false,
  schema: closed(
    {
      policyNumber: { type: 'string', maxLength: 30, pattern: '^[A-Z0-9-]{6,30}$' },
      insuredName: text(40),
      insuredIdNumber: RESIDENT_ID,
      incidentDate: DATE,
      incidentType: { type: 'string', enum: ['vehicle', 'medical', 'accident', 'property'] },
      estimatedLoss: MONEY,
      payoutCard: CARD,
      description: text(2000),
    },
    ['policyNumber', 'insuredName', 'insuredIdNumber', 'incidentDate', 'incidentType', 'description'],
  ),
  uiSchema: {
    'ui:order': ['policyNumber', 'insuredName', 'insuredIdNumber', 'incidentDate', 'incidentType', 'estimatedLoss', 'payoutCard', 'description'],
    policyNumber: field(t('保单号', 'Policy number'), 'text'),
    insuredName: field(t('被保险人', 'Insured person'), 'text'),
    insuredIdNumber: field(t('被保险人身份证号', 'Insured person’s ID number'), 'id-number'),
    incidentDate: field(t('出险日期', 'Date of incident'), 'date'),
    incidentType: field(t('出险类型', 'Type'), 'select', { 'ui:enumNames': [t('车险', 'Vehicle'), t('医疗', 'Medical'), t('意外', 'Accident'), t('财产', 'Property')] }),
    estimatedLoss: field(t('预估损失', 'Estimated loss'), 'money', { 'ui:help': t('金额以分为单位存储', 'Stored in minor units (fen, cents)') }),
    payoutCard: field(t('赔款收款卡号', 'Payout card number'), 'card-number'),
    description: field(t('经过描述', 'What happened'), 'textarea'),
  },
};

export const DEMO_TICKET_TYPES: readonly CreateTicketTypeRequest[] = [CARD_LOSS, COMPLAINT, APPOINTMENT, BROKER_INQUIRY, CLAIM];

/** Seeds the demo types once (a type that exists is left as it is); created by the demo admin. */
export async function seedDemoTickets(handle: DatabaseHandle, now: Clock): Promise<void> {
  const types = createTicketTypes({ db: handle.db, now });
  const existing = new Set((await types.list()).map((type) => type.id));
  for (const type of DEMO_TICKET_TYPES) if (!existing.has(type.id)) await types.create(type, 'ADM01');
}
