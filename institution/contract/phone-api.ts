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
