import { z } from 'zod';
import { CallRecord, PhoneCodeEntry, SipCredentialsResponse } from '../../institution/contract/phone-api.ts';

/**
 * What the softphone's channels carry (`phone.*` in channels.ts). The SIP credentials are
 * short-lived and scoped to the operator's own address: the institution mints them at
 * login and on renewal (ephemeral HMAC credentials the SBC checks with a secret shared
 * with the institution). They live in renderer memory only — the documented exception to
 * "no secrets in the renderer", because WebRTC and JsSIP exist only there.
 *
 * The agent state, its report and the code lists are the Institution API's own schemas
 * (institution/contract/phone-api.ts): core forwards them as they are.
 */
export { AgentState, AgentStateReport, CallQualitySummary, PhoneCodes } from '../../institution/contract/phone-api.ts';

/**
 * `phone.record-call`: a finished call's record (metadata only; the number masked to its
 * last four characters) without the operator — core adds the signed-in one, so the page
 * cannot file a record under anyone else. Core queues it in the encrypted outbox.
 */
export const CallRecordArgs = CallRecord.omit({ operatorId: true }).strict();
export type CallRecordArgs = z.infer<typeof CallRecordArgs>;

const WssUrl = z.url({ protocol: /^wss$/ });

/**
 * The institution's credentials (username `<unix expiry>:<operatorId>`, password
 * base64(HMAC-SHA1(shared secret, username)), `expiresAt` in ms — the phone renews well
 * before it —, the operator's own address of record) and the SBCs of the signed profile,
 * highest weight first.
 */
export const SipCredentials = SipCredentialsResponse.extend({
  servers: z.array(z.object({ url: WssUrl, weight: z.number().int().min(1).max(100) }).strict()).min(1).max(8),
  /**
   * The ICE servers calls use: the profile's STUN servers (the WebRTC guard allows only the
   * profile's). Absent or empty: host candidates only. TURN needs credentials the institution
   * does not issue yet, so the profile's TURN servers are not passed on.
   */
  iceServers: z.array(z.object({ urls: z.array(z.string().max(300)).min(1).max(8) }).strict()).max(8).optional(),
}).strict();
export type SipCredentials = z.infer<typeof SipCredentials>;

export const CodeList = z.array(PhoneCodeEntry).max(64);
