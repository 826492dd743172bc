import { z } from 'zod';
import { CALLER_NUMBER } from './caller-mask.ts';

export * from './caller-mask.ts';

/**
 * The screen pop (`POST /phone/callers/lookup`): who is calling, as far as an agent needs
 * to know before answering. The institution masks every sensitive field BEFORE it leaves
 * the server — the desk never receives a full name, ID number or card number, so nothing
 * on the workstation (renderer memory, logs, a screenshot) can leak one.
 *
 * The number travels in the body, not the path, so access logs and proxies never record it.
 */

/** A caller's number as the desk sends it (caller-mask.ts: CALLER_NUMBER). */
export const CallerNumber = z.string().regex(CALLER_NUMBER);

/**
 * A number as anything but the institution's own records may show it: extensions and other
 * short numbers (≤ 4 digits) in clear, otherwise every digit but the last four replaced by `*`;
 * `***` for a caller that has no number (a SIP name).
 */
export const MaskedCaller = z.string().regex(/^(?:[0-9]{1,4}|\+?[*]{1,20}[0-9]{4}|[*]{3})$/);
export type MaskedCaller = z.infer<typeof MaskedCaller>;

export const CallerLookupRequest = z.object({ number: CallerNumber }).strict();
export type CallerLookupRequest = z.infer<typeof CallerLookupRequest>;

export const CustomerTier = z.enum(['standard', 'gold', 'platinum', 'diamond']);
export type CustomerTier = z.infer<typeof CustomerTier>;

/** What the agent sees of a known customer: masked by the institution, never in full. */
export const CallerCustomer = z
  .object({
    /** The name with all but its first and last characters masked (王*明, J*** S***h). */
    maskedName: z.string().min(1).max(64).regex(/\*/),
    /** The resident ID number: first 3 and last 4 characters in clear (110***********1234). */
    maskedIdNumber: z.string().regex(/^[0-9]{3}[*]{8,14}[0-9X]{4}$/),
    /** The last four digits of the customer's main card; null without a card. */
    cardLast4: z.string().regex(/^[0-9]{4}$/).nullable(),
    tier: CustomerTier,
    /** Tickets of this customer not yet closed. */
    openTickets: z.number().int().min(0).max(9_999),
  })
  .strict();
export type CallerCustomer = z.infer<typeof CallerCustomer>;

export const CallerLookupResponse = z
  .object({
    maskedNumber: MaskedCaller,
    /** null: no customer of the institution has this number. */
    customer: CallerCustomer.nullable(),
  })
  .strict();
export type CallerLookupResponse = z.infer<typeof CallerLookupResponse>;
