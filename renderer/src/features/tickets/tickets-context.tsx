import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { useStores } from '../../state/context.tsx';
import { usePhoneStoreOrNull } from '../phone/phone-context.tsx';
import { currentTicketCall } from './call-context.ts';
import { reconnectedFrom } from '../../state/reconnected.ts';
import { createTicketListStore, type TicketListState } from './list/ticket-list-store.ts';
import { isNewTicketShortcut } from './new-ticket-shortcut.ts';

interface TicketsContextValue {
  store: StoreApi<TicketListState>;
  canFile: boolean;
  canProcess: boolean;
  canReveal: boolean;
  /** The screen is locked (the workspace stays mounted underneath): revealed values are cleared. */
  locked: boolean;
  /** Opens the tickets area on a new ticket, attaching the call that is up (or in wrap-up). */
  newTicket(): void;
}

const TicketsContext = createContext<TicketsContextValue | null>(null);

/**
 * Owns the tickets list while the workspace is mounted (operators who file or process
 * tickets), so pushed changes arrive whichever area is open, and listens for the one
 * keystroke that starts a new ticket from anywhere (Ctrl+Alt+N; not while locked). Must sit
 * inside the PhoneProvider when there is one: the new ticket takes the current call from it.
 */
export function TicketsProvider({ children, locked, canFile, canProcess, canReveal }: { children: ReactNode; locked: boolean; canFile: boolean; canProcess: boolean; canReveal: boolean }) {
  const stores = useStores();
  const phone = usePhoneStoreOrNull();
  const [store] = useState(() => createTicketListStore(stores.desk.tickets, { canFile, onReconnected: reconnectedFrom(stores.desk.connection.onChanged) }));
  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);

  const newTicket = useRef(() => {});
  newTicket.current = () => {
    if (!canFile) return;
    stores.ui.getState().openArea('tickets');
    // A form already open stays as it is (a second press must not throw away what was typed).
    if (store.getState().view.kind === 'new') return;
    const call = phone === null ? null : currentTicketCall(phone.getState());
    store.getState().show({ kind: 'new', call, opened: stores.now() });
  };

  useEffect(() => {
    if (locked || !canFile) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isNewTicketShortcut(event)) return;
      event.preventDefault();
      newTicket.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [locked, canFile]);

  const value = useMemo<TicketsContextValue>(() => ({ store, canFile, canProcess, canReveal, locked, newTicket: () => newTicket.current() }), [store, canFile, canProcess, canReveal, locked]);
  return <TicketsContext.Provider value={value}>{children}</TicketsContext.Provider>;
}

export function useTicketsContext(): TicketsContextValue {
  const value = useContext(TicketsContext);
  if (value === null) throw new Error('useTicketsContext outside TicketsProvider');
  return value;
}

export function useTickets<T>(selector: (state: TicketListState) => T): T {
  return useStore(useTicketsContext().store, selector);
}
