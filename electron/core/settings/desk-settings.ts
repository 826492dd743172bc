import { DeskSettings, Language } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { OutboxStore } from '../outbox/store.ts';

/**
 * The workstation settings behind `desk.settings` (the UI language). The window's
 * session partition lives in memory, so anything the renderer must find again after a
 * restart is kept here, in the outbox store's plain-text settings table: only
 * non-sensitive values ever go through this module.
 */
export interface DeskSettingsStore {
  /** The stored settings; each one missing (or unreadable) takes its default. */
  get(): DeskSettings;
  /** Stores the whole settings object and returns what is now stored. */
  set(next: DeskSettings): DeskSettings;
}

export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const LANGUAGE_SETTING = 'ui.language';

export function createDeskSettings(store: Pick<OutboxStore, 'getSetting' | 'setSetting'>): DeskSettingsStore {
  const get = (): DeskSettings => {
    // A value this version does not know (older/newer build, hand-edited file) is not an
    // error the operator can act on: the default applies until a new choice is stored.
    const language = Language.safeParse(store.getSetting(LANGUAGE_SETTING));
    return { language: language.success ? language.data : DEFAULT_LANGUAGE };
  };
  return {
    get,
    set(next) {
      // The dispatcher validates payloads already; this guards any other caller.
      const parsed = DeskSettings.safeParse(next);
      if (!parsed.success) throw new DeskFailure('bad_request', 'settings do not match DeskSettings');
      store.setSetting(LANGUAGE_SETTING, parsed.data.language);
      return get();
    },
  };
}
