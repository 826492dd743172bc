import { z } from 'zod';
import { OperatorId, WorkstationId } from './ids.ts';
import { LocalizedText } from './site-profile.ts';

/**
 * The softphone's part of the Institution API (api.ts re-exports it): SIP credential
 * issuance, agent-state reports and the code lists. The desk's bridge contract
 * (electron/contract/phone.ts) is built from these schemas, so the two cannot differ.
 */

/**
 * `POST /phone/credentials`: ephemeral credentials as Kamailio's auth_ephemeral checks them
 * with the secret it shares with the institution (e2e/lab/credentials.ts is the reference).
 */
export const SipCredentialsResponse = z
  .object({
    /** `<expiry unix seconds>:<operatorId>`. */
    username: z.string().regex(/^\d{1,12}:[A-Za-z0-9._-]{1,32}$/),
    /** base64(HMAC-SHA1(shared secret, username)). */
    password: z.string().min(1).max(128),
    /** The same expiry, in ms since the epoch. */
    expiresAt: z.number().int().min(0),
    /** The operator's own address of record, `sip:<operatorId>@<sipDomain>`. */
    uri: z.string().regex(/^sip:[A-Za-z0-9._-]{1,32}@[A-Za-z0-9.-]{1,253}$/),
  })
  .strict();
export type SipCredentialsResponse = z.infer<typeof SipCredentialsResponse>;

/** Agent states in the words Chinese contact centers use: 示闲, 示忙, 振铃, 通话中, 话后整理, 离线. */
export const AgentState = z.enum(['offline', 'ready', 'not-ready', 'ringing', 'on-call', 'wrap-up']);
export type AgentState = z.infer<typeof AgentState>;

/** A not-ready reason or disposition code. */
export const PhoneCode = z.string().regex(/^[A-Za-z0-9._-]{1,32}$/);
/** A SIP Call-ID as JsSIP and Kamailio write them (no spaces, no header-breaking characters). */
export const CallId = z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/);

/** `PUT /phone/state`: every state change of the operator's phone. */
export const AgentStateReport = z
  .object({
    state: AgentState,
    /** One of the institution's not-ready reasons (小休, 培训, 会议…) — required for not-ready, absent otherwise. */
    reasonCode: PhoneCode.nullable(),
    /** The call this state belongs to (ringing, on-call, wrap-up). */
    callId: CallId.nullable(),
  })
  .strict()
  .refine((r) => (r.state === 'not-ready') === (r.reasonCode !== null), { message: 'a reason code goes with not-ready and only with it' });
export type AgentStateReport = z.infer<typeof AgentStateReport>;

export const PhoneCodeEntry = z.object({ code: PhoneCode, label: LocalizedText }).strict();
export type PhoneCodeEntry = z.infer<typeof PhoneCodeEntry>;

/** `GET /phone/codes`: the institution's lists, in its own words and both languages. */
export const PhoneCodes = z
  .object({
    notReadyReasons: z.array(PhoneCodeEntry).max(64),
    dispositions: z.array(PhoneCodeEntry).max(64),
    /** Seconds of wrap-up (话后整理) before the agent returns to ready; may be extended once. */
    wrapUpSeconds: z.number().int().min(0).max(3_600),
  })
  .strict();
export type PhoneCodes = z.infer<typeof PhoneCodes>;

/** One operator's current state, as the institution last heard it. */
export const AgentStateView = z
  .object({
    operatorId: OperatorId,
    team: z.string().max(64).nullable(),
    state: AgentState,
    reasonCode: PhoneCode.nullable(),
    callId: CallId.nullable(),
    /** The workstation that reported it. */
    workstationId: WorkstationId,
    since: z.iso.datetime(),
  })
  .strict();
export type AgentStateView = z.infer<typeof AgentStateView>;

/** `GET /admin/phone/states`: every operator's current state (the supervisor view), by operator id. */
export const AgentStatesResponse = z.object({ states: z.array(AgentStateView) }).strict();
export type AgentStatesResponse = z.infer<typeof AgentStatesResponse>;

// --- Call records (`POST /phone/calls`, `GET /admin/phone/calls`) ---

/**
 * The far end as a call record keeps it: every character but the last four replaced by `*`
 * (`*******8000`), so the record can be matched with the customer's own account of the call
 * without holding the number. The schema admits nothing else: at most four characters in
 * clear, at the end.
 */
export const MaskedNumber = z.string().regex(/^[*]{0,28}[0-9A-Za-z#+]{0,4}$/).min(1).max(32);
export type MaskedNumber = z.infer<typeof MaskedNumber>;

/** How a call ended (the desk's causes: `remote-hangup`, `declined`, `ice-timeout` …). */
export const CallEndCode = z.string().regex(/^[a-z][a-z-]{0,31}$/);

/** One step of the operator's state during the call (振铃 → 通话中 → 话后整理 → 示闲). */
export const CallStateStep = z.object({ state: AgentState, at: z.iso.datetime() }).strict();
export type CallStateStep = z.infer<typeof CallStateStep>;

/** The call's quality as the desk measured it (E-model MOS estimate, RTT, jitter, loss); null where never measured. */
export const CallQualitySummary = z
  .object({
    samples: z.number().int().min(0).max(1_000_000),
    mosMin: z.number().min(1).max(5).nullable(),
    mosAvg: z.number().min(1).max(5).nullable(),
    jitterMaxMs: z.number().min(0).max(600_000).nullable(),
    rttMaxMs: z.number().min(0).max(600_000).nullable(),
    lossPercent: z.number().min(0).max(100).nullable(),
  })
  .strict();
export type CallQualitySummary = z.infer<typeof CallQualitySummary>;

/**
 * `POST /phone/calls`: one call's metadata — never audio, never the full number, never what
 * was said. Idempotent by operator + call id: the desk's outbox resends until acknowledged.
 */
export const CallRecord = z
  .object({
    callId: CallId,
    /** Must be the operator the access token belongs to. */
    operatorId: OperatorId,
    direction: z.enum(['inbound', 'outbound']),
    remote: MaskedNumber,
    startedAt: z.iso.datetime(),
    answeredAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime(),
    /** When wrap-up finished; null when the call was never answered (no wrap-up). */
    wrapUpEndedAt: z.iso.datetime().nullable(),
    ringMs: z.number().int().min(0).max(86_400_000),
    talkMs: z.number().int().min(0).max(86_400_000),
    wrapUpMs: z.number().int().min(0).max(86_400_000),
    /** The wrap-up timer was extended once. */
    wrapUpExtended: z.boolean(),
    /** The wrap-up timer ran out before the disposition was chosen. */
    wrapUpOverdue: z.boolean(),
    end: CallEndCode,
    /** One of the institution's dispositions; null when there was no wrap-up. */
    disposition: PhoneCode.nullable(),
    states: z.array(CallStateStep).max(32),
    quality: CallQualitySummary.nullable(),
  })
  .strict();
export type CallRecord = z.infer<typeof CallRecord>;

/** The answer to a record, the same for the first delivery and every replay. */
export const CallRecordReceipt = z.object({ callId: CallId, receivedAt: z.iso.datetime() }).strict();
export type CallRecordReceipt = z.infer<typeof CallRecordReceipt>;

/** A stored record with where and when the institution received it. */
export const CallRecordView = CallRecord.extend({ workstationId: WorkstationId, receivedAt: z.iso.datetime() }).strict();
export type CallRecordView = z.infer<typeof CallRecordView>;

/** `GET /admin/phone/calls`: the newest records first. */
export const CallRecordsResponse = z.object({ calls: z.array(CallRecordView) }).strict();
export type CallRecordsResponse = z.infer<typeof CallRecordsResponse>;
