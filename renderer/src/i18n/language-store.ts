import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './translate.ts';

/** The only thing the renderer ever writes to storage: the chosen interface language. */
export const LANGUAGE_STORAGE_KEY = 'channeldesk.language';

export interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

export interface LanguageStoreDeps {
  /** window.localStorage in the app; null where storage is unavailable. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** The <html> element, whose `lang` follows the choice (screen readers, CJK font selection). */
  root: { lang: string } | null;
}

function readStored(storage: LanguageStoreDeps['storage']): Language {
  try {
    const stored = storage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    // Storage can throw (disabled, sandboxed origin): the default language is a safe answer.
    return DEFAULT_LANGUAGE;
  }
}

export function createLanguageStore({ storage, root }: LanguageStoreDeps): StoreApi<LanguageState> {
  const initial = readStored(storage);
  if (root) root.lang = initial;
  return createStore<LanguageState>()((set) => ({
    language: initial,
    setLanguage(language) {
      if (!isLanguage(language)) return;
      try {
        storage?.setItem(LANGUAGE_STORAGE_KEY, language);
      } catch {
        // Not persisting is acceptable: the choice still applies for this run.
      }
      if (root) root.lang = language;
      set({ language });
    },
  }));
}
