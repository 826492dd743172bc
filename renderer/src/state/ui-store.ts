import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import type { AreaId } from '../features/workspace/areas.ts';
import { recordUiAction } from './audit.ts';

/** Per-session UI state: which workspace area is open. Reset on every logout. */
export interface UiState {
  activeArea: AreaId | null;
  /** Opens an area and reports it to the audit chain (only when it actually changes). */
  openArea(area: AreaId): void;
  reset(): void;
}

export function createUiStore(desk: DeskApi): StoreApi<UiState> {
  return createStore<UiState>()((set, get) => ({
    activeArea: null,
    openArea(area) {
      if (get().activeArea === area) return;
      set({ activeArea: area });
      void recordUiAction(desk, { action: 'area-opened', detail: area });
    },
    reset() {
      set({ activeArea: null });
    },
  }));
}
