import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { useStores } from '../../../state/context.tsx';
import { createAuthoringStore, isDirty, type AuthoringState } from './authoring-store.ts';
import { createSpaceAdminStore, type SpaceAdminState } from './space-admin-store.ts';

const AuthoringContext = createContext<StoreApi<AuthoringState> | null>(null);
const SpaceAdminContext = createContext<StoreApi<SpaceAdminState> | null>(null);

/**
 * Owns authoring for as long as the workspace is mounted (operators with kb.edit), so an
 * unsaved draft survives a visit to another area; logout unmounts it. While the draft is
 * unsaved, closing or reloading the window asks first (beforeunload), and so does 退出登录.
 */
export function AuthoringProvider({ children }: { children: ReactNode }) {
  const { desk, ui } = useStores();
  const [store] = useState(() => createAuthoringStore(desk.kb));
  const [spaceAdmin] = useState(() => createSpaceAdminStore(desk.kb, store));
  useEffect(() => {
    store.getState().start();
    // Sign-out asks first while the draft is unsaved (StatusBar reads this).
    const unsubscribe = store.subscribe((state) => ui.getState().setUnsavedDraft(isDirty(state)));
    const guard = (event: BeforeUnloadEvent) => {
      if (isDirty(store.getState())) event.preventDefault();
    };
    window.addEventListener('beforeunload', guard);
    return () => {
      window.removeEventListener('beforeunload', guard);
      unsubscribe();
      ui.getState().setUnsavedDraft(false);
      store.getState().stop();
    };
  }, [store, ui]);
  return (
    <AuthoringContext.Provider value={store}>
      <SpaceAdminContext.Provider value={spaceAdmin}>{children}</SpaceAdminContext.Provider>
    </AuthoringContext.Provider>
  );
}

export function useAuthoring<T>(selector: (state: AuthoringState) => T): T {
  const store = useContext(AuthoringContext);
  if (store === null) throw new Error('useAuthoring outside AuthoringProvider');
  return useStore(store, selector);
}

/** Space management (space-admin-store.ts), beside authoring. */
export function useSpaceAdmin<T>(selector: (state: SpaceAdminState) => T): T {
  const store = useContext(SpaceAdminContext);
  if (store === null) throw new Error('useSpaceAdmin outside AuthoringProvider');
  return useStore(store, selector);
}
