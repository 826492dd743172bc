import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCoalescedRun } from '../../../state/coalesced-run.ts';
import type { DeskErrorCode, DeskResult } from '../../../../../electron/contract/errors.ts';
import type { TicketCall } from '../call-context.ts';
import type { LocalTicket, Ticket, TicketList, TicketOutboxCounts, TicketsBridge, TicketTypeVersion } from '../tickets-bridge.ts';

/** What the area shows: the list, one ticket, or the form (T2's TicketForm) for a new one. */
export type TicketsView =
  | { kind: 'list' }
  | { kind: 'detail'; ticketId: string }
  /** A ticket still on this workstation (queued or undeliverable): what the desk knows of it. */
  | { kind: 'local'; localId: string }
  /** `call`: the call up (or in wrap-up) when the agent asked for the form; `opened` tells the form apart from the last one. */
  | { kind: 'new'; call: TicketCall | null; opened: number };

export interface TicketListState {
  /** This operator's tickets still here (queued, undeliverable). */
  local: LocalTicket[];
  /** The institution's tickets, newest first; null before the first answer or when it was unreachable. */
  tickets: Ticket[] | null;
  /** The last list answer came without the institution's part: it could not be reached. */
  institutionUnreachable: boolean;
  loaded: boolean;
  error: DeskErrorCode | null;
  /** Tickets whose change was pushed since the list was opened (highlighted until looked at). */
  changed: ReadonlySet<string>;
  outbox: TicketOutboxCounts | null;
  /** Ticket types by id (names for the list); empty when the operator may not file (tickets.types needs tickets.create). */
  types: ReadonlyMap<string, TicketTypeVersion>;
  view: TicketsView;
  /** The row to give focus when the list shows again (the ticket just left, or just filed). */
  focusRow: string | null;
  start(): void;
  stop(): void;
  refresh(): Promise<void>;
  /** Shows a view; back on the list, `focusRow` (a row key) gets the focus. */
  show(view: TicketsView, focusRow?: string): void;
  /** The list was looked at: pushed-change marks for `ticketId` go. */
  seen(ticketId: string): void;
  dismissUndeliverable(localId: string): Promise<DeskResult<unknown>>;
}

const internal = (): DeskResult<never> => ({ ok: false, error: { code: 'internal' } });

/**
 * The tickets area's list (`tickets.list`: the workstation's queued and undeliverable ones,
 * then the institution's) and the outbox counts (`tickets.outbox`, `tickets.outbox-changed`).
 * A pushed `tickets.changed` reads the list again and marks the ticket; an outbox change
 * does too (a queued ticket delivered moves from `local` to `tickets`). Refreshes never
 * overlap: one asked for while another runs runs once more afterwards, so the last answer
 * is the newest.
 */
export function createTicketListStore(bridge: TicketsBridge, options: { canFile: boolean; limit?: number }): StoreApi<TicketListState> {
  return createStore<TicketListState>()((set, get) => {
    let unsubscribe: (() => void)[] = [];
    let started = false;

    const load = async (): Promise<void> => {
      const result: DeskResult<TicketList> = await bridge.list({ limit: options.limit ?? 100 }).catch(internal);
      if (!started) return;
      if (!result.ok) {
        set({ error: result.error.code, loaded: true });
        return;
      }
      const { local, tickets } = result.value;
      // Unreachable: keep the last known institution list rather than blank it.
      set({ local, tickets: tickets ?? get().tickets, institutionUnreachable: tickets === null, loaded: true, error: null });
      if (!options.canFile) void nameTypes(tickets ?? []);
    };

    // Names of types the operator cannot list (staff who process but do not file): read each type version once.
    const asked = new Set<string>();
    const nameTypes = async (rows: readonly { typeId: string; typeVersion: number }[]) => {
      for (const row of rows) {
        if (get().types.has(row.typeId) || asked.has(row.typeId)) continue;
        asked.add(row.typeId);
        const result = await bridge.typeVersion({ typeId: row.typeId, typeVersion: row.typeVersion }).catch(internal);
        if (!started || !result.ok || get().types.has(row.typeId)) continue;
        set({ types: new Map([...get().types, [row.typeId, result.value]]) });
      }
    };

    const refresh = createCoalescedRun(load, () => started).run;

    const loadOutbox = async () => {
      if (!options.canFile) return;
      const result = await bridge.outbox().catch(internal);
      if (started && result.ok) set({ outbox: { waiting: result.value.waiting, undeliverable: result.value.undeliverable.length } });
    };

    const loadTypes = async () => {
      if (!options.canFile) return;
      const result = await bridge.types().catch(internal);
      if (started && result.ok) set({ types: new Map(result.value.types.map((type) => [type.typeId, type])) });
    };

    return {
      local: [],
      tickets: null,
      institutionUnreachable: false,
      loaded: false,
      error: null,
      changed: new Set(),
      outbox: null,
      types: new Map(),
      view: { kind: 'list' },
      focusRow: null,
      start() {
        if (started) return;
        started = true;
        unsubscribe = [
          bridge.onChanged((change) => {
            const view = get().view;
            // A change to a ticket the list had is marked (有更新) until opened: not a new ticket
            // (it appears anyway), nor the open one (it shows the change itself).
            const open = view.kind === 'detail' && view.ticketId === change.ticketId;
            if (change.change !== 'created' && !open) set({ changed: new Set([...get().changed, change.ticketId]) });
            void refresh();
          }),
          bridge.onOutboxChanged((counts) => {
            set({ outbox: counts });
            void refresh();
          }),
        ];
        void refresh();
        void loadOutbox();
        void loadTypes();
      },
      stop() {
        started = false;
        for (const off of unsubscribe) off();
        unsubscribe = [];
      },
      refresh,
      show(view, focusRow) {
        const left = get().view;
        // Back from a ticket: its row takes the focus again, so the keyboard user keeps their place.
        const back = left.kind === 'detail' ? left.ticketId : left.kind === 'local' ? `local:${left.localId}` : null;
        set({ view, focusRow: view.kind === 'list' ? (focusRow ?? back) : null });
        if (view.kind === 'detail') get().seen(view.ticketId);
      },
      seen(ticketId) {
        if (!get().changed.has(ticketId)) return;
        const next = new Set(get().changed);
        next.delete(ticketId);
        set({ changed: next });
      },
      async dismissUndeliverable(localId) {
        const result = await bridge.dismissUndeliverable({ localId }).catch(internal);
        if (result.ok) await refresh();
        return result;
      },
    };
  });
}
