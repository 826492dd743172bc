import type { StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import { createLanguageStore, type LanguageState, type LanguageStoreDeps } from '../i18n/language-store.ts';
import { createSessionStore, type SessionStoreState } from './session-store.ts';
import { createUiStore, type UiState } from './ui-store.ts';

/** Everything the UI reads, built once per renderer (and once per test). */
export interface AppStores {
  desk: DeskApi;
  session: StoreApi<SessionStoreState>;
  ui: StoreApi<UiState>;
  language: StoreApi<LanguageState>;
  /** Wall clock, injectable so the watermark and idle lock run under fake time in tests. */
  now: () => number;
  /** Stops the store wiring (not the desk subscriptions, which App owns). */
  dispose(): void;
}

export interface AppStoresDeps {
  desk: DeskApi;
  root: LanguageStoreDeps['root'];
  now?: () => number;
}

export function createAppStores({ desk, root, now = () => Date.now() }: AppStoresDeps): AppStores {
  const session = createSessionStore(desk);
  const ui = createUiStore(desk);
  const language = createLanguageStore({ desk, root });

  // Leaving a session (logout, expiry, revocation) forgets every per-session UI choice.
  const stopReset = session.subscribe((next, previous) => {
    if (next.session.status === 'logged-out' && previous.session.status !== 'logged-out') ui.getState().reset();
  });

  return { desk, session, ui, language, now, dispose: stopReset };
}
