import { z } from 'zod';
import { CallerLookupRequest, CallerLookupResponse, MaskedCaller } from '../../institution/contract/caller-api.ts';

/**
 * What the inbound half of the softphone carries across the bridge.
 *
 * `phone.lookup-caller` (core): the screen pop, forwarded to the institution, which masks
 * every sensitive field itself; the desk receives nothing in full.
 *
 * `notify.incoming-call` (main): a desktop notification while a call rings and the window
 * is not focused or the screen is locked. It shows on the OS lock screen and in the
 * notification centre, which other people can read, so it carries the masked caller only —
 * never a full number, never customer data — and fixed texts from the renderer's i18n
 * (capped, and refused if they hold a run of 5+ digits: a number smuggled into the text).
 */
export { CallerLookupRequest as LookupCallerArgs, CallerLookupResponse as CallerLookup };

const NoticeText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !/[0-9]{5}/.test(s), { message: 'notification text must not hold a number' })
    .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), { message: 'no control characters' });

export const IncomingCallNotice = z
  .object({
    /** e.g. 来电 / Incoming call. */
    title: NoticeText(64),
    /** e.g. `{caller} 来电，点击查看`: `{caller}` is replaced by main with the masked caller, once. */
    body: NoticeText(160).refine((s) => s.split('{caller}').length === 2, { message: 'body must hold {caller} once' }),
    caller: MaskedCaller,
  })
  .strict();
export type IncomingCallNotice = z.infer<typeof IncomingCallNotice>;

/** Whether the OS showed it (false where notifications are unsupported or turned off). */
export const NoticeShown = z.object({ shown: z.boolean() }).strict();
export type NoticeShown = z.infer<typeof NoticeShown>;
