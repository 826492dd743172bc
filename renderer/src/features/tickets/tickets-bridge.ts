import type { DeskResult } from '../../../../electron/contract/errors.ts';
import type {
  Ticket,
  TicketAssignArgs,
  TicketChanged,
  TicketCommentArgs,
  TicketComments,
  TicketExtendArgs,
  TicketList,
  TicketListArgs,
  TicketLocalRef,
  TicketOutbox,
  TicketOutboxCounts,
  TicketRef,
  TicketRevealArgs,
  TicketRevealed,
  TicketTransitionArgs,
  TicketTypes,
  TicketTypeVersion,
  TicketTypeVersionArgs,
} from '../../../../electron/contract/tickets.ts';

/**
 * The desk's `tickets.*` calls the area uses (`desk.tickets` is one; electron/contract/tickets.ts).
 * Types only: the page never loads the zod schemas.
 */
export interface TicketsBridge {
  list(args: TicketListArgs): Promise<DeskResult<TicketList>>;
  get(args: TicketRef): Promise<DeskResult<Ticket>>;
  types(): Promise<DeskResult<TicketTypes>>;
  typeVersion(args: TicketTypeVersionArgs): Promise<DeskResult<TicketTypeVersion>>;
  comments(args: TicketRef): Promise<DeskResult<TicketComments>>;
  comment(args: TicketCommentArgs): Promise<DeskResult<unknown>>;
  transition(args: TicketTransitionArgs): Promise<DeskResult<Ticket>>;
  assign(args: TicketAssignArgs): Promise<DeskResult<Ticket>>;
  extend(args: TicketExtendArgs): Promise<DeskResult<Ticket>>;
  reveal(args: TicketRevealArgs): Promise<DeskResult<TicketRevealed>>;
  outbox(): Promise<DeskResult<TicketOutbox>>;
  dismissUndeliverable(args: TicketLocalRef): Promise<DeskResult<unknown>>;
  onChanged(listener: (change: TicketChanged) => void): () => void;
  onOutboxChanged(listener: (counts: TicketOutboxCounts) => void): () => void;
}

export type { Ticket, TicketChanged, TicketList, TicketOutboxCounts, TicketTypeVersion };
export type LocalTicket = TicketList['local'][number];
export type TicketComment = TicketComments['comments'][number];
