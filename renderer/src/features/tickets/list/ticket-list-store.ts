import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCoalescedRun } from '../../../state/coalesced-run.ts';
import type { DeskErrorCode, DeskResult } from '../../../../../electron/contract/errors.ts';
import type { TicketCall } from '../call-context.ts';
import type { LocalTicket, Ticket, TicketList, TicketOutboxCounts, TicketsBridge, TicketTypeVersion } from '../tickets-bridge.ts';
import { matchesFilter, mergeFirstPage, type TicketFilter } from './ticket-pages.ts';
import { NEVER_RECONNECTS, type OnReconnected } from '../../../state/reconnected.ts';

export type { TicketFilter } from './ticket-pages.ts';

/** What the area shows: the list, one ticket, or the form (T2's TicketForm) for a new one. */
export type TicketsView =
  | { kind: 'list' }
  | { kind: 'detail'; ticketId: string }
  /** A ticket still on this workstation (queued or undeliverable): what the desk knows of it. */
  | { kind: 'local'; localId: string }
  /**
   * `call`: the call up (or in wrap-up) when the agent asked for the form; `opened` tells the form apart from the last one.
   * `refill`: the form opens this draft, made from the undeliverable ticket `localId` (重新填写).
   */
  | { kind: 'new'; call: TicketCall | null; opened: number; refill?: { draftId: string; localId: string } };

export interface TicketListState {
  /** This operator's tickets still here (queued, undeliverable). */
  local: LocalTicket[];
  /** The institution's tickets, newest first (the first page, then the pages loaded with "load more"); null before the first answer. */
  tickets: Ticket[] | null;
  /** The list's filter (status, type, search); changing it reads the first page again; live updates keep it. */
  filter: TicketFilter;
  /** The next (older) page's cursor; null when every matching ticket is shown. */
  nextCursor: string | null;
  loadingMore: boolean;
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
  setFilter(filter: TicketFilter): void;
  /** Reads the next older page and appends it (its first row takes the focus). */
  loadMore(): Promise<void>;
  /** Shows a view; back on the list, `focusRow` (a row key) gets the focus. */
  show(view: TicketsView, focusRow?: string): void;
  /** The list was looked at: pushed-change marks for `ticketId` go. */
  seen(ticketId: string): void;
  dismissUndeliverable(localId: string): Promise<DeskResult<unknown>>;
  /** 重新填写: the undeliverable ticket as a draft, opened in the form (`opened` tells it apart). It stays listed until the draft is filed. */
  refillUndeliverable(localId: string, opened: number): Promise<DeskResult<unknown>>;
}

const internal = (): DeskResult<never> => ({ ok: false, error: { code: 'internal' } });

/**
 * The tickets area's list (`tickets.list`: the workstation's queued and undeliverable ones,
 * then the institution's) and the outbox counts (`tickets.outbox`, `tickets.outbox-changed`).
 * A pushed `tickets.changed` reads the list again and marks the ticket; an outbox change
 * does too (a queued ticket delivered moves from `local` to `tickets`), and so does the live
 * channel coming back after a break (pushes of the meantime may be lost; the rows of older
 * pages are read again too). Refreshes never overlap: one asked for while another runs runs
 * once more afterwards, so the last answer is the newest.
 */
export function createTicketListStore(bridge: TicketsBridge, options: { canFile: boolean; limit?: number; onReconnected?: OnReconnected }): StoreApi<TicketListState> {
  return createStore<TicketListState>()((set, get) => {
    let unsubscribe: (() => void)[] = [];
    let started = false;
    const pageSize = options.limit ?? 50;
    /** Rows of the pages after the first ("load more"), and the cursor after the last of them. */
    let older: Ticket[] = [];
    let olderCursor: string | null = null;
    /** A filter change makes answers to the old filter stale. */
    let generation = 0;
    const query = () => {
      const { status, type, q } = get().filter;
      return { ...(status === undefined ? {} : { status }), ...(type === undefined ? {} : { type }), ...(q === undefined ? {} : { q }), limit: pageSize };
    };

    const load = async (): Promise<void> => {
      const mine = generation;
      const result: DeskResult<TicketList> = await bridge.list(query()).catch(internal);
      if (!started || mine !== generation) return;
      if (!result.ok) {
        set({ error: result.error.code, loaded: true });
        return;
      }
      const { local, tickets, nextCursor } = result.value;
      if (tickets === null) {
        // Unreachable: keep the last known institution list rather than blank it.
        set({ local, institutionUnreachable: true, loaded: true, error: null });
        return;
      }
      // The fresh first page, then the older pages the operator loaded (none left when the first is the last).
      if (nextCursor === null) older = [];
      const merged = mergeFirstPage(tickets, older);
      older = merged.slice(tickets.length);
      set({ local, tickets: merged, nextCursor: older.length > 0 ? olderCursor : nextCursor, institutionUnreachable: false, loaded: true, error: null });
      if (!options.canFile) void nameTypes(tickets);
    };

    /** A pushed change to a row of an older page: read that ticket again (the first page is re-read anyway). */
    const reloadOlder = async (ticketId: string) => {
      if (!older.some((t) => t.id === ticketId)) return;
      const mine = generation;
      const result = await bridge.get({ ticketId }).catch(internal);
      if (!started || mine !== generation) return;
      const keep = result.ok && matchesFilter(result.value, get().filter);
      const replace = (rows: Ticket[]) => (keep && result.ok ? rows.map((t) => (t.id === ticketId ? result.value : t)) : rows.filter((t) => t.id !== ticketId));
      older = replace(older);
      const shown = get().tickets;
      if (shown !== null) set({ tickets: replace(shown) });
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
      filter: {},
      nextCursor: null,
      loadingMore: false,
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
            void reloadOlder(change.ticketId);
          }),
          bridge.onOutboxChanged((counts) => {
            set({ outbox: counts });
            void refresh();
          }),
          (options.onReconnected ?? NEVER_RECONNECTS)(() => {
            void refresh();
            void loadOutbox();
            for (const row of older) void reloadOlder(row.id);
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
      setFilter(filter) {
        generation += 1;
        older = [];
        olderCursor = null;
        set({ filter, tickets: null, nextCursor: null, loadingMore: false, loaded: false, error: null });
        void refresh();
      },
      async loadMore() {
        const cursor = get().nextCursor;
        if (cursor === null || get().loadingMore) return;
        const mine = generation;
        set({ loadingMore: true });
        const result = await bridge.list({ ...query(), before: cursor }).catch(internal);
        if (!started || mine !== generation) return;
        set({ loadingMore: false });
        if (!result.ok) {
          set({ error: result.error.code });
          return;
        }
        if (result.value.tickets === null) {
          set({ institutionUnreachable: true });
          return;
        }
        const shown = get().tickets ?? [];
        const have = new Set(shown.map((t) => t.id));
        const added = result.value.tickets.filter((t) => !have.has(t.id));
        older = [...older, ...added];
        olderCursor = result.value.nextCursor;
        // The first new row takes the focus: the button may be gone, and the keyboard user reads on from there.
        set({ tickets: [...shown, ...added], nextCursor: olderCursor, focusRow: added[0]?.id ?? null, error: null });
        if (!options.canFile) void nameTypes(added);
      },
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
      async refillUndeliverable(localId, opened) {
        const result = await bridge.refillUndeliverable({ localId }).catch(internal);
        if (result.ok) get().show({ kind: 'new', call: null, opened, refill: { draftId: result.value.draftId, localId } });
        return result;
      },
    };
  });
}
