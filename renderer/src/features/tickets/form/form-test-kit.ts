/**
 * TEST SUPPORT ONLY (the form's unit tests): ticket types shaped like the demo seed's, a
 * fresh P-256 ticket key per test file (the private half opens what the form sealed), an
 * in-memory `tickets.*` bridge that records drafts and submissions, and the few stores the
 * form reads.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../../../electron/contract/desk-api.ts';
import type { DeskError, DeskResult } from '../../../../../electron/contract/errors.ts';
import type { TicketSubmitArgs } from '../../../../../electron/contract/tickets.ts';
import { toBase64Url, type WebKey, type WebKeyPair } from '../../../../../institution/contract/ticket-crypto.ts';
import type { Language } from '../../../i18n/translate.ts';
import type { LanguageState } from '../../../i18n/language-store.ts';
import type { AppStores } from '../../../state/app-stores.ts';
import type { Policy as SessionPolicy } from '../../../state/session-store.ts';
import type { TicketDraft, TicketFormBridge, TicketTypeVersion } from './form-bridge.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const AT = '2026-11-01T08:00:00.000Z';
const closed = (properties: Record<string, unknown>, required: string[]) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties, required, additionalProperties: false });
const CARD = { type: 'string', maxLength: 19, format: 'bank-card', 'x-sensitive': true, 'x-hint': 'last4' };
const ID = { type: 'string', maxLength: 18, format: 'cn-resident-id', 'x-sensitive': true, 'x-hint': 'last4' };

export const VALID_CARD = '6222021234567890128';
export const LUHN_BAD_CARD = '6222021234567890127';
export const VALID_ID = '11010519491231002X';
export const CHECK_BAD_ID = '110105194912310021';

export const CARD_LOSS: TicketTypeVersion = {
  typeId: 'bank-card-loss',
  version: 1,
  businessLine: 'bank',
  name: t('银行卡挂失', 'Card loss report'),
  complaint: false,
  schema: closed(
    { cardNumber: CARD, holderName: { type: 'string', minLength: 1, maxLength: 40 }, idNumber: ID, mobile: { type: 'string', maxLength: 11, format: 'cn-mobile' }, freezeNow: { type: 'boolean' }, notes: { type: 'string', maxLength: 500 } },
    ['cardNumber', 'holderName', 'idNumber', 'mobile', 'freezeNow'],
  ),
  uiSchema: {
    'ui:order': ['cardNumber', 'holderName', 'idNumber', 'mobile', 'freezeNow', 'notes'],
    cardNumber: { 'ui:title': t('卡号', 'Card number'), 'ui:widget': 'card-number', 'ui:help': t('离开此栏后即加密', 'Encrypted as you leave the field') },
    holderName: { 'ui:title': t('持卡人姓名', 'Cardholder name'), 'ui:widget': 'text' },
    idNumber: { 'ui:title': t('身份证号码', 'Resident ID number'), 'ui:widget': 'id-number' },
    mobile: { 'ui:title': t('预留手机号', 'Registered mobile'), 'ui:widget': 'phone' },
    freezeNow: { 'ui:title': t('立即冻结', 'Freeze now'), 'ui:widget': 'checkbox' },
    notes: { 'ui:title': t('备注', 'Notes'), 'ui:widget': 'textarea' },
  },
  createdAt: AT,
  createdBy: 'ADM01',
};

export const CLAIM: TicketTypeVersion = {
  typeId: 'insurer-claim-report',
  version: 2,
  businessLine: 'insurer',
  name: t('理赔报案', 'Claim report'),
  complaint: false,
  schema: closed(
    {
      contactPhone: { type: 'string', maxLength: 20, anyOf: [{ format: 'cn-mobile' }, { format: 'cn-landline' }] },
      incidentType: { type: 'string', enum: ['vehicle', 'medical'] },
      slot: { type: 'string', enum: ['am', 'pm'] },
      estimatedLoss: {
        type: 'object',
        properties: { minor: { type: 'integer', minimum: 0, maximum: 10_000_000_000_000 }, currency: { type: 'string', maxLength: 3, format: 'currency-code' } },
        required: ['minor', 'currency'],
        additionalProperties: false,
      },
    },
    ['contactPhone', 'incidentType'],
  ),
  uiSchema: {
    contactPhone: { 'ui:title': t('联系电话', 'Contact number'), 'ui:widget': 'phone' },
    incidentType: { 'ui:title': t('出险类型', 'Type'), 'ui:widget': 'select', 'ui:enumNames': [t('车险', 'Vehicle'), t('医疗', 'Medical')] },
    slot: { 'ui:title': t('时段', 'Time of day'), 'ui:widget': 'radio', 'ui:enumNames': [t('上午', 'Morning'), t('下午', 'Afternoon')] },
    estimatedLoss: { 'ui:title': t('预估损失', 'Estimated loss'), 'ui:widget': 'money' },
  },
  createdAt: AT,
  createdBy: 'ADM01',
};

export interface TestTicketKey {
  key: { keyId: string; publicKey: string };
  kid: string;
  privateKey: WebKey;
}

export async function createTestTicketKey(): Promise<TestTicketKey> {
  const pair = (await globalThis.crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as WebKeyPair;
  const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey));
  return { key: { keyId: 'test-k1', publicKey: toBase64Url(spki) }, kid: 'test-k1', privateKey: pair.privateKey };
}

export interface TestBridge extends TicketFormBridge {
  /** Every draft the form saved, in order. */
  saves: TicketDraft[];
  stored: Map<string, TicketDraft>;
  submissions: TicketSubmitArgs[];
  /** The next submit fails with this error (then clears). */
  failNextSubmit: DeskError | null;
}

export function createTestBridge(options: { types?: TicketTypeVersion[]; key: TestTicketKey['key'] | null }): TestBridge {
  const types = options.types ?? [CARD_LOSS, CLAIM];
  const ok = <T>(value: T): Promise<DeskResult<T>> => Promise.resolve({ ok: true, value });
  const bridge: TestBridge = {
    saves: [],
    stored: new Map(),
    submissions: [],
    failNextSubmit: null,
    types: () => ok({ types }),
    typeVersion: ({ typeId, typeVersion }) => {
      const type = types.find((x) => x.typeId === typeId && x.version === typeVersion);
      return type === undefined ? Promise.resolve({ ok: false, error: { code: 'ticket_type_unknown' } }) : ok(type);
    },
    key: () => ok(options.key),
    draftSave: (draft) => {
      const copy = structuredClone(draft);
      bridge.saves.push(copy);
      bridge.stored.set(draft.draftId, copy);
      return ok({ draftId: draft.draftId, updatedAt: draft.updatedAt });
    },
    drafts: () => ok({ drafts: [...bridge.stored.values()].reverse() }),
    draftDelete: ({ draftId }) => {
      bridge.stored.delete(draftId);
      return ok(null);
    },
    submit: (args) => {
      const failure = bridge.failNextSubmit;
      if (failure !== null) {
        bridge.failNextSubmit = null;
        return Promise.resolve({ ok: false, error: failure });
      }
      bridge.submissions.push(structuredClone(args));
      if (args.draftId !== undefined) bridge.stored.delete(args.draftId);
      return ok({ localId: globalThis.crypto.randomUUID(), state: 'queued' as const, createdAt: AT });
    },
  };
  return bridge;
}

/** The stores the form reads (desk.tickets, the language, the clock). */
/** `policy`: the session's policy as the form reads it (the clipboard rules); absent: none known yet. */
export function formTestStores(bridge: TicketFormBridge, language: Language = 'zh-CN', policy: SessionPolicy | null = null): AppStores & { language: StoreApi<LanguageState> } {
  const languageStore = createStore(() => ({ language })) as unknown as StoreApi<LanguageState>;
  const session = createStore(() => ({ policy }));
  return { desk: { tickets: bridge } as unknown as DeskApi, language: languageStore, session, now: () => Date.now() } as unknown as AppStores;
}
