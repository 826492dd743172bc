import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskError, DeskErrorCode, DeskResult } from '../../../../../electron/contract/errors.ts';
import type { TicketStatus } from '../../../../../institution/contract/ticket-api.ts';
import { NEVER_RECONNECTS, type OnReconnected } from '../../../state/reconnected.ts';
import type { Ticket, TicketAssignee, TicketComment, TicketHistoryEntry, TicketsBridge, TicketTypeVersion } from '../tickets-bridge.ts';

/** The processing calls' outcome as the view shows it: done, or the error to explain. */
export type ActionOutcome = { ok: true } | { ok: false; error: DeskError };

export interface TicketDetailState {
  ticketId: string;
  ticket: Ticket | null;
  /** The type version the ticket was filed under (its schema and UI schema); null until read or if unreadable. */
  type: TicketTypeVersion | null;
  comments: TicketComment[];
  /** The institution's history of the ticket, oldest first (a filer who is not staff gets no reveal entries). */
  history: { entries: TicketHistoryEntry[]; truncated: boolean } | null;
  historyError: DeskErrorCode | null;
  /** Who may be assigned it (read once, for processors only); null until read. */
  assignees: TicketAssignee[] | null;
  assigneesError: DeskErrorCode | null;
  loading: boolean;
  error: DeskErrorCode | null;
  /** A processing call is under way (buttons wait). */
  busy: boolean;
  start(): void;
  stop(): void;
  reload(): Promise<void>;
  comment(body: string): Promise<ActionOutcome>;
  transition(to: TicketStatus): Promise<ActionOutcome>;
  assign(assignee: string | null): Promise<ActionOutcome>;
  extend(reason: string, approvedBy?: string): Promise<ActionOutcome>;
  reveal(pointer: string, reason: string): Promise<DeskResult<{ value: string }>>;
}

const internal = (): DeskResult<never> => ({ ok: false, error: { code: 'internal' } });

/**
 * One ticket as the institution holds it: the ticket, the type version it was filed under
 * (to lay its fields out), its comments. A pushed `tickets.changed` for this ticket reads it
 * again, so a status change made elsewhere shows at once. Processing calls answer the
 * updated ticket, which replaces the shown one; a conflict (someone else changed it first)
 * reads it again as well. The revealed value never enters this store (RevealField keeps it).
 */
export function createTicketDetailStore(bridge: TicketsBridge, ticketId: string, options: { canProcess?: boolean; onReconnected?: OnReconnected } = {}): StoreApi<TicketDetailState> {
  return createStore<TicketDetailState>()((set, get) => {
    let off: (() => void) | null = null;
    let generation = 0;

    const readComments = async () => {
      const result = await bridge.comments({ ticketId }).catch(internal);
      if (off !== null && result.ok) set({ comments: result.value.comments });
    };

    const readHistory = async () => {
      const result = await bridge.history({ ticketId }).catch(internal);
      if (off === null) return;
      if (result.ok) set({ history: { entries: result.value.entries, truncated: result.value.truncated }, historyError: null });
      else set({ historyError: result.error.code });
    };

    const readAssignees = async () => {
      const result = await bridge.assignees({ ticketId }).catch(internal);
      if (off === null) return;
      if (result.ok) set({ assignees: result.value.assignees, assigneesError: null });
      else set({ assigneesError: result.error.code });
    };

    const reload = async (): Promise<void> => {
      const mine = ++generation;
      set({ loading: true });
      const result = await bridge.get({ ticketId }).catch(internal);
      if (off === null || mine !== generation) return;
      if (!result.ok) {
        set({ loading: false, error: result.error.code });
        return;
      }
      const ticket = result.value;
      set({ ticket, loading: false, error: null });
      const shown = get().type;
      if (shown === null || shown.typeId !== ticket.typeId || shown.version !== ticket.typeVersion) {
        const type = await bridge.typeVersion({ typeId: ticket.typeId, typeVersion: ticket.typeVersion }).catch(internal);
        if (off !== null && mine === generation && type.ok) set({ type: type.value });
      }
      await Promise.all([readComments(), readHistory()]);
    };

    /** Runs a call that answers the updated ticket; a conflict means it moved on: read it again. */
    const act = async (call: () => Promise<DeskResult<Ticket>>): Promise<ActionOutcome> => {
      set({ busy: true });
      const result = await call().catch(internal);
      set({ busy: false });
      if (result.ok) {
        set({ ticket: result.value });
        void readHistory();
        return { ok: true };
      }
      if (result.error.code === 'ticket_conflict' || result.error.code === 'ticket_changed' || result.error.code === 'ticket_not_found') void reload();
      return { ok: false, error: result.error };
    };

    return {
      ticketId,
      ticket: null,
      type: null,
      comments: [],
      history: null,
      historyError: null,
      assignees: null,
      assigneesError: null,
      loading: true,
      error: null,
      busy: false,
      start() {
        if (off !== null) return;
        const offs = [
          bridge.onChanged((change) => {
            if (change.ticketId === ticketId) void reload();
          }),
          // Back after a break: a change pushed meanwhile may be lost, so the ticket is read again.
          (options.onReconnected ?? NEVER_RECONNECTS)(() => void reload()),
        ];
        off = () => offs.forEach((o) => o());
        void reload();
        if (options.canProcess === true) void readAssignees();
      },
      stop() {
        off?.();
        off = null;
      },
      reload,
      async comment(body) {
        set({ busy: true });
        const result = await bridge.comment({ ticketId, body }).catch(internal);
        set({ busy: false });
        if (!result.ok) return { ok: false, error: result.error };
        await readComments();
        return { ok: true };
      },
      transition: (to) => act(() => bridge.transition({ ticketId, to })),
      assign: (assignee) => act(() => bridge.assign({ ticketId, assignee })),
      extend: (reason, approvedBy) => act(() => bridge.extend({ ticketId, reason, ...(approvedBy === undefined ? {} : { approvedBy }) })),
      reveal: async (pointer, reason) => {
        const result = await bridge.reveal({ ticketId, pointer, reason }).catch(internal);
        // Each reveal, refused ones too, enters the history (staff see it there).
        void readHistory();
        return result.ok ? { ok: true, value: { value: result.value.value } } : result;
      },
    };
  });
}
