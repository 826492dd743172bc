/**
 * Limits of the `tickets.*` channels that the renderer needs at run time (the form shows
 * "too large" before sending). Zod-free and import-free: the renderer may import this
 * module's values; the schemas in tickets.ts import them from here.
 */

/** A ticket's `data` (wire form: sensitive fields are envelopes) as JSON, UTF-8 bytes (the institution's limit). */
export const TICKET_DATA_MAX_BYTES = 64 * 1024;
/** A draft's `values` as JSON, UTF-8 bytes: the same as a ticket, it becomes one. */
export const TICKET_DRAFT_MAX_BYTES = TICKET_DATA_MAX_BYTES;
/** Drafts one operator may keep on this workstation; saving one more is `ticket_drafts_full`. */
export const TICKET_DRAFTS_MAX_PER_OPERATOR = 50;
/** Most tickets `tickets.list` asks the institution for (its own ceiling). */
export const TICKET_LIST_MAX_LIMIT = 200;
/** Longest search text (`tickets.list` `q`), trimmed: the institution's limit (institution/src/tickets/ticket-search.ts). */
export const TICKET_SEARCH_MAX = 64;

/** UTF-8 size of a value as JSON (what the limits above count); Infinity when it is not JSON. */
export function jsonBytes(value: unknown): number {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return Infinity;
  }
  return text === undefined ? Infinity : new TextEncoder().encode(text).length;
}
