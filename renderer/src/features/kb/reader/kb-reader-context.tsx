import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { reconnectedFrom } from '../../../state/reconnected.ts';
import { useStores, useUi } from '../../../state/context.tsx';
import { createKbReaderStore, type KbReaderState } from './kb-reader-store.ts';

/** The search shortcut: Ctrl+K, or ⌘K on macOS; nothing else held. */
export const isSearchShortcut = (e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean =>
  (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;

const KbReaderContext = createContext<StoreApi<KbReaderState> | null>(null);

/**
 * Owns the reader's store while the workspace is mounted (operators with kb.read), so the
 * query, the results and the open article survive a visit to another area.
 */
export function KbReaderProvider({ locked, children }: { locked: boolean; children: ReactNode }) {
  const { desk } = useStores();
  const openArea = useUi((s) => s.openArea);
  const [store] = useState(() => createKbReaderStore(desk.kb, reconnectedFrom(desk.connection.onChanged)));
  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);
  // Ctrl+K (⌘K) from anywhere in the workspace: the knowledge base, cursor in the search box.
  useEffect(() => {
    if (locked) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isSearchShortcut(e)) return;
      e.preventDefault();
      openArea('kb');
      store.getState().focusSearch();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [locked, openArea, store]);
  return <KbReaderContext.Provider value={store}>{children}</KbReaderContext.Provider>;
}

export function useKbReader<T>(selector: (state: KbReaderState) => T): T {
  const store = useContext(KbReaderContext);
  if (store === null) throw new Error('useKbReader outside KbReaderProvider');
  return useStore(store, selector);
}
