import type { DeskError, DeskResult } from '../../../../../electron/contract/errors.ts';
import type {
  TicketDraft,
  TicketDraftRef,
  TicketDrafts,
  TicketDraftSaved,
  TicketKey,
  TicketSubmitArgs,
  TicketSubmitted,
  TicketTypes,
  TicketTypeVersion,
  TicketTypeVersionArgs,
} from '../../../../../electron/contract/tickets.ts';

/**
 * The `tickets.*` calls the form makes (`desk.tickets` is one; electron/contract/tickets.ts).
 * Types only: the page never loads the zod schemas.
 */
export interface TicketFormBridge {
  types(): Promise<DeskResult<TicketTypes>>;
  typeVersion(args: TicketTypeVersionArgs): Promise<DeskResult<TicketTypeVersion>>;
  key(): Promise<DeskResult<TicketKey>>;
  draftSave(draft: TicketDraft): Promise<DeskResult<TicketDraftSaved>>;
  drafts(): Promise<DeskResult<TicketDrafts>>;
  draftDelete(ref: TicketDraftRef): Promise<DeskResult<null>>;
  submit(args: TicketSubmitArgs): Promise<DeskResult<TicketSubmitted>>;
}

/** The call a ticket comes from (the wire's TicketCallContext, read off the draft's type: no zod on the page). */
export type TicketCallContext = NonNullable<TicketDraft['call']>;
export type { TicketDraft, TicketTypeVersion };

/** A bridge call that threw (a torn-down page) reads as an internal failure, like every other failure. */
export async function settle<T>(call: () => Promise<DeskResult<T>>): Promise<DeskResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: 'internal' } satisfies DeskError };
  }
}
