import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskError, DeskErrorCode, DeskResult } from '../../../../../electron/contract/errors.ts';
import type { TicketStatus } from '../../../../../institution/contract/ticket-api.ts';
import type { Ticket, TicketComment, TicketsBridge, TicketTypeVersion } from '../tickets-bridge.ts';

/** The processing calls' outcome as the view shows it: done, or the error to explain. */
export type ActionOutcome = { ok: true } | { ok: false; error: DeskError };

export interface TicketDetailState {
  ticketId: string;
  ticket: Ticket | null;
  /** The type version the ticket was filed under (its schema and UI schema); null until read or if unreadable. */
  type: TicketTypeVersion | null;
  comments: TicketComment[];
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
export function createTicketDetailStore(bridge: TicketsBridge, ticketId: string): StoreApi<TicketDetailState> {
  return createStore<TicketDetailState>()((set, get) => {
    let off: (() => void) | null = null;
    let generation = 0;

    const readComments = async () => {
      const result = await bridge.comments({ ticketId }).catch(internal);
      if (off !== null && result.ok) set({ comments: result.value.comments });
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
      await readComments();
    };

    /** Runs a call that answers the updated ticket; a conflict means it moved on: read it again. */
    const act = async (call: () => Promise<DeskResult<Ticket>>): Promise<ActionOutcome> => {
      set({ busy: true });
      const result = await call().catch(internal);
      set({ busy: false });
      if (result.ok) {
        set({ ticket: result.value });
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
      loading: true,
      error: null,
      busy: false,
      start() {
        if (off !== null) return;
        off = bridge.onChanged((change) => {
          if (change.ticketId === ticketId) void reload();
        });
        void reload();
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
        return result.ok ? { ok: true, value: { value: result.value.value } } : result;
      },
    };
  });
}
