import { z } from 'zod';
import { PhoneCodeEntry, SipCredentialsResponse } from '../../institution/contract/phone-api.ts';

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
export { AgentState, AgentStateReport, PhoneCodes } from '../../institution/contract/phone-api.ts';

const WssUrl = z.url({ protocol: /^wss$/ });

/**
 * The institution's credentials (username `<unix expiry>:<operatorId>`, password
 * base64(HMAC-SHA1(shared secret, username)), `expiresAt` in ms — the phone renews well
 * before it —, the operator's own address of record) and the SBCs of the signed profile,
 * highest weight first.
 */
export const SipCredentials = SipCredentialsResponse.extend({
  servers: z.array(z.object({ url: WssUrl, weight: z.number().int().min(1).max(100) }).strict()).min(1).max(8),
}).strict();
export type SipCredentials = z.infer<typeof SipCredentials>;

export const CodeList = z.array(PhoneCodeEntry).max(64);
