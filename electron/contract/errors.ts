import { z } from 'zod';

/**
 * Every failure a `desk.*` call can report. The renderer maps each code to a message in
 * the user's language (renderer/i18n); nothing else crosses the bridge, so no stack
 * trace, token or server text can leak into the UI.
 */
export const DeskErrorCode = z.enum([
  'invalid_credentials',
  'totp_required',
  'totp_invalid',
  'account_locked',
  'account_disabled',
  'session_expired',
  'session_locked',
  'not_logged_in',
  /** Signed in and unlocked, but the institution did not grant the channel's permission. */
  'permission_denied',
  'institution_unreachable',
  'certificate_rejected',
  'profile_invalid',
  /** The institution no longer accepts the site profile this desk runs: IT must install the current one. */
  'profile_outdated',
  /** Too many attempts from this computer in a short time; `retryAfterSeconds` says when to try again. */
  'rate_limited',
  'bad_request',
  'forbidden_sender',
  'internal',
  /** The institution has not enrolled this workstation: operators cannot sign in from it. */
  'workstation_not_enrolled',
  /** The signed site profile names no SBC (`sip.wss`): the phone cannot register; IT must add one. */
  'phone_not_configured',
  /** The renderer already holds the most activity holds it may (activity.hold): one must be released first. */
  'too_many_holds',
  /** The knowledge-base article or space does not exist, is not published, or the operator may not read it. */
  'kb_not_found',
  /** The article moved on: the version named is no longer the published one (reload and try again). */
  'kb_conflict',
  /** Another author saved or published the article since this one opened it: their text is kept, reload the latest. */
  'kb_edit_conflict',
  /** A knowledge-base space with that id exists already: choose another id (nothing was changed). */
  'kb_space_exists',
  /** Ready (示闲) is refused: mandatory knowledge-base articles wait to be read and acknowledged. */
  'kb_mandatory_pending',
  /** The image is not a PNG, JPEG or WebP of its declared type, is empty, or is larger than 768 KiB. */
  'kb_image_refused',
  /** The ticket's data (or a draft's values) is larger than the desk accepts (TICKET_DATA_MAX_BYTES). */
  'ticket_too_large',
  /** A sensitive (`x-sensitive`) field holds something other than a sealed envelope: the page must seal it first. */
  'ticket_not_sealed',
  /** The operator keeps as many ticket drafts on this workstation as allowed: file or discard one first. */
  'ticket_drafts_full',
  /** The ticket does not exist or the operator may not see it (the institution does not say which). */
  'ticket_not_found',
  /** The ticket moved on (a transition not allowed from its status, an extension not allowed, a stale assignment). */
  'ticket_conflict',
  /** Another processor changed the ticket between this desk's read and its write (the institution's compare-and-set): nothing was changed; read it again. */
  'ticket_changed',
  /** The ticket type or version does not exist, or is not known here while the institution cannot be reached. */
  'ticket_type_unknown',
]);
export type DeskErrorCode = z.infer<typeof DeskErrorCode>;

export const DeskError = z
  .object({
    code: DeskErrorCode,
    /** Seconds until a locked account may try again. */
    retryAfterSeconds: z.number().int().min(0).optional(),
  })
  .strict();
export type DeskError = z.infer<typeof DeskError>;

/** Thrown inside main/core; turned into `{ ok: false, error }` at the bridge. */
export class DeskFailure extends Error {
  readonly code: DeskErrorCode;
  readonly retryAfterSeconds: number | undefined;
  constructor(code: DeskErrorCode, detail?: string, retryAfterSeconds?: number) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'DeskFailure';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
  toDeskError(): DeskError {
    return this.retryAfterSeconds === undefined
      ? { code: this.code }
      : { code: this.code, retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** What every invoke returns across the bridge: Electron would otherwise flatten thrown errors to strings. */
export type DeskResult<T> = { ok: true; value: T } | { ok: false; error: DeskError };
