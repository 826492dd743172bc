import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { localized, translatorFor, type Translate } from '../i18n/translate.ts';
import type { AppStores } from './app-stores.ts';
import type { SessionStoreState } from './session-store.ts';
import type { UiState } from './ui-store.ts';
import type { LanguageState } from '../i18n/language-store.ts';
import type { InstitutionName } from './session-store.ts';

const StoresContext = createContext<AppStores | null>(null);

export function AppStoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside AppStoresProvider');
  return stores;
}

export function useSession<T>(selector: (state: SessionStoreState) => T): T {
  return useStore(useStores().session, selector);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(useStores().ui, selector);
}

export function useLanguage<T>(selector: (state: LanguageState) => T): T {
  return useStore(useStores().language, selector);
}

/** `t` in the current language; components re-render when the language changes. */
export function useT(): Translate {
  const language = useLanguage((s) => s.language);
  return useMemo(() => translatorFor(language), [language]);
}

/** Institution-supplied text (LocalizedText) in the current language. */
export function useLocalized(): (text: InstitutionName) => string {
  const language = useLanguage((s) => s.language);
  return useMemo(() => (text: InstitutionName) => localized(text, language), [language]);
}
