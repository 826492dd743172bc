import { z } from 'zod';
import { LocalizedText } from '../../institution/contract/site-profile.ts';

/**
 * What the softphone's channels carry (`phone.*` in channels.ts). The SIP credentials are
 * short-lived and scoped to the operator's own address: the institution mints them at
 * login and on renewal (ephemeral HMAC credentials the SBC checks with a secret shared
 * with the institution). They live in renderer memory only — the documented exception to
 * "no secrets in the renderer", because WebRTC and JsSIP exist only there.
 */
const SipUri = z.string().regex(/^sip:[A-Za-z0-9._-]{1,32}@[A-Za-z0-9.-]{1,253}$/);
const WssUrl = z.url({ protocol: /^wss$/ });

export const SipCredentials = z
  .object({
    /** `<unix expiry>:<operatorId>`, as Kamailio's auth_ephemeral expects. */
    username: z.string().regex(/^\d{1,12}:[A-Za-z0-9._-]{1,32}$/),
    /** base64(HMAC-SHA1(shared secret, username)). */
    password: z.string().min(1).max(128),
    /** ms since epoch; the phone renews well before it. */
    expiresAt: z.number().int().min(0),
    /** The operator's own address of record. */
    uri: SipUri,
    /** The SBCs of the signed profile, highest weight first. */
    servers: z.array(z.object({ url: WssUrl, weight: z.number().int().min(1).max(100) }).strict()).min(1).max(8),
  })
  .strict();
export type SipCredentials = z.infer<typeof SipCredentials>;

/** Agent states in the words Chinese contact centers use: 示闲, 示忙, 振铃, 通话中, 话后整理, 离线. */
export const AgentState = z.enum(['offline', 'ready', 'not-ready', 'ringing', 'on-call', 'wrap-up']);
export type AgentState = z.infer<typeof AgentState>;

const Code = z.string().regex(/^[A-Za-z0-9._-]{1,32}$/);

export const AgentStateReport = z
  .object({
    state: AgentState,
    /** The institution's not-ready reason (小休, 培训, 会议…) — required for not-ready, absent otherwise. */
    reasonCode: Code.nullable(),
    /** The call this state belongs to (ringing, on-call, wrap-up). */
    callId: z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/).nullable(),
  })
  .strict()
  .refine((r) => (r.state === 'not-ready') === (r.reasonCode !== null), { message: 'a reason code goes with not-ready and only with it' });
export type AgentStateReport = z.infer<typeof AgentStateReport>;

export const CodeList = z.array(z.object({ code: Code, label: LocalizedText }).strict()).max(64);

/** The institution's lists, in its own words and both languages. */
export const PhoneCodes = z
  .object({
    notReadyReasons: CodeList,
    dispositions: CodeList,
    /** Seconds of wrap-up (话后整理) before the agent returns to ready; may be extended once. */
    wrapUpSeconds: z.number().int().min(0).max(3_600),
  })
  .strict();
export type PhoneCodes = z.infer<typeof PhoneCodes>;
