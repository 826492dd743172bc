import { z } from 'zod';
import { AutoAnswerPolicy, DialPlanPolicy } from './dial-plan.ts';

export { AutoAnswerPolicy, DialPlanPolicy };

/**
 * The site profile: everything a workstation may talk to, signed by the institution
 * (Ed25519 over canonicalJson(profile)). The network allowlist is derived from it.
 */
export const LocalizedText = z.object({ 'zh-CN': z.string().min(1), 'en-US': z.string().min(1) }).strict();

/**
 * What the clipboard may carry across the desk's own text fields (issue #9). Knowledge-base
 * articles and sensitive fields are never copied out whatever this says; it narrows the rest.
 * Absent: both allowed. The zod-free twin the guards run is ClipboardRules in
 * electron/contract/protected-area.ts.
 */
export const ClipboardPolicy = z
  .object({
    /** Copy and cut out of the agent's own, non-sensitive text fields. */
    copyFromOwnFields: z.boolean(),
    /** Paste into the desk's text fields (ticket fields, sensitive ones included). */
    pasteIntoFields: z.boolean(),
  })
  .strict();
export type ClipboardPolicy = z.infer<typeof ClipboardPolicy>;

export const Policy = z
  .object({
    /** Idle time before the screen locks and needs the password again. */
    idleLockSeconds: z.number().int().min(1).max(86_400),
    /** Show the operator/workstation/time watermark over the workspace. */
    watermark: z.boolean(),
    /** The softphone answers a ringing call by itself after a delay while the agent is Ready; absent: off. */
    autoAnswer: AutoAnswerPolicy.optional(),
    /** The numbers agents may dial (dial-plan.ts); absent: any well-formed number. */
    dialPlan: DialPlanPolicy.optional(),
    /** Blur an open knowledge-base article while the desk window is unfocused (protected viewing); absent: off. */
    kbBlurUnfocused: z.boolean().optional(),
    /**
     * The softphone answers a ringing call's offer in a 183 Session Progress with a generated
     * ringback (early media), so the call's media is up before the agent answers; absent: on.
     * false for an SBC or gateway that mishandles 183 with SDP (the desk then answers plainly).
     */
    earlyMedia: z.boolean().optional(),
    /** Copy out of and paste into the agent's own fields; absent: both allowed. */
    clipboard: ClipboardPolicy.optional(),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;

const httpsUrl = z.url({ protocol: /^https$/ });
const wssUrl = z.url({ protocol: /^wss$/ });
/** sha256 of the DER SubjectPublicKeyInfo, base64 (the HPKP pin format). */
export const SpkiPin = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'sha256 SPKI pin, base64');

export const SiteProfile = z
  .object({
    format: z.literal(1),
    /** Monotonic: a workstation never accepts a profile older than one it already holds. */
    serial: z.number().int().min(1),
    institutionId: z.string().regex(/^[a-z0-9-]{2,40}$/),
    institutionName: LocalizedText,
    issuedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    api: z.object({ baseUrls: z.array(httpsUrl).min(1).max(8) }).strict(),
    sip: z
      .object({
        wss: z.array(z.object({ url: wssUrl, weight: z.number().int().min(1).max(100) }).strict()).max(8),
        /**
         * SPKI pins of the SBCs' WSS certificates: main accepts TLS to an SBC host only with
         * one of these (electron/main/certificate-pins.ts). Absent: no SBC connection is accepted.
         */
        pins: z.array(SpkiPin).min(1).max(8).optional(),
      })
      .strict(),
    turn: z.array(z.object({ urls: z.array(z.string().regex(/^turns?:[^\s]+$/)).min(1) }).strict()).max(8),
    /** STUN servers WebRTC may ask for a server-reflexive address (no credentials); absent: none. */
    stun: z.array(z.object({ urls: z.array(z.string().regex(/^stuns?:[^\s]+$/)).min(1).max(8) }).strict()).max(8).optional(),
    pins: z.array(SpkiPin).min(1).max(8),
    updateUrl: httpsUrl.optional(),
    /**
     * The institution's ticket key: desks seal sensitive ticket fields to it in the renderer
     * (ticket-crypto.ts; ECDH P-256, SPKI DER base64url). Trusted because the profile is signed.
     * Absent: the institution takes no tickets with sensitive fields.
     */
    tickets: z.object({ keyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), publicKey: z.string().regex(/^[A-Za-z0-9_-]{80,400}$/) }).strict().optional(),
    policy: Policy,
  })
  .strict();
export type SiteProfile = z.infer<typeof SiteProfile>;

export const SignedSiteProfile = z
  .object({
    profile: z.unknown(),
    /** Identifies the institution key that signed, so keys can rotate. */
    keyId: z.string().min(1).max(64),
    /** Ed25519 signature over canonicalJson(profile), base64. */
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type SignedSiteProfile = z.infer<typeof SignedSiteProfile>;
