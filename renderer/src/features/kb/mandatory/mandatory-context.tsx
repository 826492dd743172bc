import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { reconnectedFrom } from '../../../state/reconnected.ts';
import { useStores } from '../../../state/context.tsx';
import { createMandatoryStore, type MandatoryState } from './mandatory-store.ts';

const MandatoryContext = createContext<StoreApi<MandatoryState> | null>(null);

/**
 * Owns the operator's mandatory-read queue while the workspace is mounted (operators with
 * kb.read): the queue area, the navigation's count and the phone's Ready gate read it.
 */
export function MandatoryProvider({ children }: { children: ReactNode }) {
  const { desk } = useStores();
  const [store] = useState(() => createMandatoryStore(desk.kb, reconnectedFrom(desk.connection.onChanged)));
  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);
  return <MandatoryContext.Provider value={store}>{children}</MandatoryContext.Provider>;
}

/** The queue's store, or null outside a MandatoryProvider (an operator who cannot read the KB has no queue). */
export function useMandatoryStore(): StoreApi<MandatoryState> | null {
  return useContext(MandatoryContext);
}

const NO_QUEUE: Pick<MandatoryState, 'pending' | 'loaded'> = { pending: [], loaded: true };
const noQueueStore = { getState: () => NO_QUEUE, subscribe: () => () => undefined, getInitialState: () => NO_QUEUE } as unknown as StoreApi<MandatoryState>;

/** Reads the queue; without a provider it is empty (nothing holds Ready). */
export function useMandatory<T>(selector: (state: MandatoryState) => T): T {
  return useStore(useContext(MandatoryContext) ?? noQueueStore, selector);
}
