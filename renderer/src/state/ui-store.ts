import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import type { AreaId } from '../features/workspace/areas.ts';
import { recordUiAction } from './audit.ts';

/**
 * Why signing out must wait: a call is up, or its wrap-up (话后整理) still needs a
 * disposition — signing out then would cut the customer off or lose the call's record.
 */
export type SignOutHold = 'call' | 'wrap-up';

/** Per-session UI state: which workspace area is open, what holds sign-out. Reset on every logout. */
export interface UiState {
  activeArea: AreaId | null;
  signOutHold: SignOutHold | null;
  /** An author's knowledge-base draft has unsaved text: signing out asks first (it would be lost). */
  unsavedDraft: boolean;
  /** Opens an area and reports it to the audit chain (only when it actually changes). */
  openArea(area: AreaId): void;
  /** Set by the phone as calls and wrap-ups come and go. */
  setSignOutHold(hold: SignOutHold | null): void;
  /** Set by the authoring area as its draft turns dirty or saved. */
  setUnsavedDraft(unsaved: boolean): void;
  reset(): void;
}

export function createUiStore(desk: DeskApi): StoreApi<UiState> {
  return createStore<UiState>()((set, get) => ({
    activeArea: null,
    signOutHold: null,
    unsavedDraft: false,
    openArea(area) {
      if (get().activeArea === area) return;
      set({ activeArea: area });
      void recordUiAction(desk, { action: 'area-opened', detail: area });
    },
    setSignOutHold(hold) {
      if (get().signOutHold !== hold) set({ signOutHold: hold });
    },
    setUnsavedDraft(unsaved) {
      if (get().unsavedDraft !== unsaved) set({ unsavedDraft: unsaved });
    },
    reset() {
      set({ activeArea: null, signOutHold: null, unsavedDraft: false });
    },
  }));
}
