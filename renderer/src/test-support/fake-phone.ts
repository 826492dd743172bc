import type { AgentStateReport, CallRecordArgs, InvokeRequest, InvokeResponse, PhoneCodes, SipCredentials } from '../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../electron/contract/errors.ts';

/**
 * The `phone.*` half of the fake desk (fake-desk.ts), following core's phone handlers
 * (electron/core/phone/): credentials need an SBC in the profile, a state report's
 * reason code must be one of the institution's not-ready reasons, and every accepted
 * report is kept so a test can read what the phone said.
 */
export interface FakePhoneOptions {
  /** The profile's SBCs (`sip.wss`); none means `phone_not_configured`, as core answers. */
  sipServers?: SipCredentials['servers'];
  /** The SIP domain of the operator's address (the institution's `sipDomain`). */
  sipDomain?: string;
  /** The institution's code lists; the demo seed's by default. */
  codes?: PhoneCodes;
  /** Lifetime of fake credentials. */
  credentialTtlSeconds?: number;
  now?: () => number;
}

export interface FakePhone {
  handlers: {
    'phone.credentials': (p: InvokeRequest<'phone.credentials'>) => DeskResult<InvokeResponse<'phone.credentials'>>;
    'phone.report-state': (p: InvokeRequest<'phone.report-state'>) => DeskResult<InvokeResponse<'phone.report-state'>>;
    'phone.codes': (p: InvokeRequest<'phone.codes'>) => DeskResult<InvokeResponse<'phone.codes'>>;
    'phone.record-call': (p: InvokeRequest<'phone.record-call'>) => DeskResult<InvokeResponse<'phone.record-call'>>;
  };
  /** Accepted `phone.record-call` payloads with the operator core would add, in order (one per call id, as core's outbox keeps them). */
  callRecords: (CallRecordArgs & { operatorId: string })[];
  /** Accepted `phone.report-state` payloads, in order. */
  agentStates: AgentStateReport[];
  /** How many credentials were handed out. */
  credentialsIssued(): number;
}

/** What institution/src/seed/demo.ts seeds (the contract test compares the two). */
export const DEMO_PHONE_CODES: PhoneCodes = {
  notReadyReasons: [
    { code: 'break', label: { 'zh-CN': '小休', 'en-US': 'Short break' } },
    { code: 'training', label: { 'zh-CN': '培训', 'en-US': 'Training' } },
    { code: 'meeting', label: { 'zh-CN': '会议', 'en-US': 'Meeting' } },
    { code: 'meal', label: { 'zh-CN': '用餐', 'en-US': 'Meal' } },
    { code: 'after-call-work', label: { 'zh-CN': '事后处理', 'en-US': 'Follow-up work' } },
    // Set by the desk itself when a queue ring times out (ring-no-answer, renderer causes.ts RONA_REASON_CODE).
    { code: 'rona', label: { 'zh-CN': '未接来电', 'en-US': 'Missed call' } },
  ],
  dispositions: [
    { code: 'answered', label: { 'zh-CN': '咨询已解答', 'en-US': 'Enquiry answered' } },
    { code: 'complaint-logged', label: { 'zh-CN': '投诉已受理', 'en-US': 'Complaint logged' } },
    { code: 'referred', label: { 'zh-CN': '转办', 'en-US': 'Referred to another team' } },
    { code: 'callback', label: { 'zh-CN': '需回访', 'en-US': 'Callback needed' } },
    { code: 'invalid-call', label: { 'zh-CN': '无效来电', 'en-US': 'Invalid call' } },
  ],
  wrapUpSeconds: 30,
};

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });

export function createFakePhone(options: FakePhoneOptions, operatorId: () => string | null): FakePhone {
  const codes = options.codes ?? DEMO_PHONE_CODES;
  const now = options.now ?? Date.now;
  const agentStates: AgentStateReport[] = [];
  const callRecords: FakePhone['callRecords'] = [];
  let issued = 0;
  return {
    agentStates,
    callRecords,
    credentialsIssued: () => issued,
    handlers: {
      'phone.credentials': () => {
        const servers = options.sipServers ?? [];
        const id = operatorId();
        if (servers.length === 0) return { ok: false, error: { code: 'phone_not_configured' } };
        if (id === null) return { ok: false, error: { code: 'not_logged_in' } };
        issued += 1;
        const expiresAt = now() + (options.credentialTtlSeconds ?? 600) * 1000;
        return ok({
          username: `${Math.floor(expiresAt / 1000)}:${id}`,
          // Not an HMAC: nothing checks it but a real SBC, and the fake never meets one.
          password: 'fake-sip-password',
          expiresAt,
          uri: `sip:${id}@${options.sipDomain ?? 'lab.channeldesk.test'}`,
          servers: [...servers].sort((a, b) => b.weight - a.weight),
        });
      },
      'phone.report-state': (report) => {
        // The institution refuses a reason it does not know; core reports that as bad_request.
        if (report.reasonCode !== null && !codes.notReadyReasons.some((r) => r.code === report.reasonCode)) return { ok: false, error: { code: 'bad_request' } };
        agentStates.push(report);
        return ok(null);
      },
      'phone.codes': () => ok(structuredClone(codes)),
      'phone.record-call': (record) => {
        const id = operatorId();
        if (id === null) return { ok: false, error: { code: 'not_logged_in' } };
        // Core's outbox keeps one row per operator + call id: a second record of the call is a no-op.
        if (!callRecords.some((r) => r.operatorId === id && r.callId === record.callId)) callRecords.push({ ...structuredClone(record), operatorId: id });
        return ok(null);
      },
    },
  };
}
