import type { StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import { createLanguageStore, type LanguageState, type LanguageStoreDeps } from '../i18n/language-store.ts';
import { createSessionStore, currentOperator, type SessionData, type SessionStoreState } from './session-store.ts';
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

  const stopSessionWiring = session.subscribe((next, previous) => {
    // Leaving a session (logout, expiry, revocation) forgets every per-session UI choice.
    if (next.session.status === 'logged-out' && previous.session.status !== 'logged-out') ui.getState().reset();
    // The language is the operator's own on a shared seat: core answers settings.get for
    // whoever is signed in (the workstation default when nobody is), so ask again whenever
    // that changes. Not when the desk info arrives: App's start-up load() asks already.
    const infoArrived = previous.phase !== 'ready' && next.phase === 'ready';
    if (!infoArrived && operatorIdOf(next) !== operatorIdOf(previous)) language.getState().load();
  });

  return { desk, session, ui, language, now, dispose: stopSessionWiring };
}

const operatorIdOf = (state: SessionData): string | null => currentOperator(state)?.id ?? null;
