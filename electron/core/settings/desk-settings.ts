import { z } from 'zod';
import { DeskSettings, Language } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { OutboxStore } from '../outbox/store.ts';

/**
 * The settings behind `desk.settings` (the UI language). The window's session partition
 * lives in memory, so anything the renderer must find again after a restart is kept here.
 *
 * A seat is shared by many agents across shifts, so the language is per operator: while
 * nobody is signed in, `get`/`set` act on the workstation's default (the login screen's
 * language); once an operator is signed in (active or locked), on that operator's own
 * language, which starts out as the workstation default until the operator chooses.
 *
 * The workstation default sits in the outbox store's plain-text settings table (it says
 * nothing about anyone). Which operators used this seat is personal data, so their
 * languages are kept as one sealed value (`putSecret`: AES-256-GCM under the keystore-
 * wrapped data key) rather than as plain-text rows named by operator ID.
 */
export interface DeskSettingsStore {
  /** The settings in force now: the signed-in operator's, else the workstation's. */
  get(): DeskSettings;
  /** Stores the whole settings object for whoever `get` answers for, and returns it. */
  set(next: DeskSettings): DeskSettings;
}

export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const LANGUAGE_SETTING = 'ui.language';
const OPERATOR_LANGUAGES_SECRET = 'ui.operator-languages';
/** Bounds the sealed value on a seat used by many agents: the least recently chosen go first. */
export const MAX_REMEMBERED_OPERATORS = 500;

/** Most recent choice last; entries with a language this build does not know are skipped on read. */
const OperatorLanguages = z.array(z.tuple([z.string(), z.string()]));

export type SettingsStore = Pick<OutboxStore, 'getSetting' | 'setSetting' | 'getSecret' | 'putSecret'>;

export function createDeskSettings(store: SettingsStore, operatorId: () => string | null = () => null): DeskSettingsStore {
  // A value this version does not know (older/newer build, hand-edited file) is not an
  // error the operator can act on: the default applies until a new choice is stored.
  const workstationLanguage = (): Language => {
    const stored = Language.safeParse(store.getSetting(LANGUAGE_SETTING));
    return stored.success ? stored.data : DEFAULT_LANGUAGE;
  };
  const readOperators = (): [string, string][] => {
    let raw: Buffer | null;
    try {
      raw = store.getSecret(OPERATOR_LANGUAGES_SECRET);
    } catch {
      // Unreadable (tampered) value: the choices are lost, not the desk.
      return [];
    }
    if (raw === null) return [];
    try {
      const parsed = OperatorLanguages.safeParse(JSON.parse(raw.toString('utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  };
  const operatorLanguage = (id: string): Language => {
    const entry = readOperators().find(([who]) => who === id);
    const stored = Language.safeParse(entry?.[1]);
    return stored.success ? stored.data : workstationLanguage();
  };

  const get = (): DeskSettings => {
    const id = operatorId();
    return { language: id === null ? workstationLanguage() : operatorLanguage(id) };
  };
  return {
    get,
    set(next) {
      // The dispatcher validates payloads already; this guards any other caller.
      const parsed = DeskSettings.safeParse(next);
      if (!parsed.success) throw new DeskFailure('bad_request', 'settings do not match DeskSettings');
      const id = operatorId();
      if (id === null) {
        store.setSetting(LANGUAGE_SETTING, parsed.data.language);
      } else {
        const others = readOperators().filter(([who]) => who !== id);
        const kept = [...others, [id, parsed.data.language] as [string, string]].slice(-MAX_REMEMBERED_OPERATORS);
        store.putSecret(OPERATOR_LANGUAGES_SECRET, Buffer.from(JSON.stringify(kept), 'utf8'));
      }
      return get();
    },
  };
}
