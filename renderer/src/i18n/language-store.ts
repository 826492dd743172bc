import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './translate.ts';

/**
 * The interface language. Its source of truth is the desk core (`desk.settings`), not
 * web storage: the window's session partition lives in memory, so anything kept in the
 * page would be gone at the next start, and the renderer writes nothing to any storage.
 */
export interface LanguageState {
  language: Language;
  /** Asks the core for the stored language; until it answers, the UI stays in zh-CN. */
  load(): void;
  /** Applies the choice at once and has the core store it. */
  setLanguage(language: Language): void;
}

export interface LanguageStoreDeps {
  desk: Pick<DeskApi, 'settings'>;
  /** The <html> element, whose `lang` follows the choice (screen readers, CJK font selection). */
  root: { lang: string } | null;
}

export function createLanguageStore({ desk, root }: LanguageStoreDeps): StoreApi<LanguageState> {
  if (root) root.lang = DEFAULT_LANGUAGE;
  // A choice made while the stored language is still on its way is newer than the answer.
  let chosen = false;
  // Saves run one after another, so the core always ends up with the last choice.
  let saving: Promise<unknown> = Promise.resolve();

  return createStore<LanguageState>()((set, get) => {
    const apply = (language: Language) => {
      if (root) root.lang = language;
      if (get().language !== language) set({ language });
    };
    return {
      language: DEFAULT_LANGUAGE,
      load() {
        chosen = false;
        desk.settings.get().then(
          (result) => {
            if (!chosen && result.ok && isLanguage(result.value.language)) apply(result.value.language);
          },
          // No answer: the default language is a safe one, and the switch still works.
          () => undefined,
        );
      },
      setLanguage(language) {
        if (!isLanguage(language)) return;
        chosen = true;
        apply(language);
        // Not persisting is acceptable: the choice still applies for this run.
        saving = saving.then(() => desk.settings.set({ language })).catch(() => undefined);
      },
    };
  });
}
