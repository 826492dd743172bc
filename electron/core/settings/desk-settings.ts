import { AudioDevices, DeskSettings, DeskSettingsUpdate, Language } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { OutboxStore } from '../outbox/store.ts';
import { sealedOperatorList } from './operator-list.ts';

export { MAX_REMEMBERED_OPERATORS } from './operator-list.ts';

/**
 * The settings behind `desk.settings`: the UI language and the phone's audio devices. The
 * window's session partition lives in memory, so anything the renderer must find again
 * after a restart is kept here.
 *
 * A seat is shared by many agents across shifts, so settings are per operator: while
 * nobody is signed in, `get`/`set` act on the workstation's default language (the login
 * screen's language); once an operator is signed in (active or locked), on that operator's
 * own language, which starts out as the workstation default until the operator chooses.
 * Audio devices exist only per operator (the phone runs only while signed in): microphone,
 * speaker and ringer ids, never the devices' labels.
 *
 * The workstation default sits in the outbox store's plain-text settings table (it says
 * nothing about anyone). Which operators used this seat is personal data, so their
 * choices are kept as sealed values (operator-list.ts) rather than plain-text rows.
 */
export interface DeskSettingsStore {
  /** The settings in force now: the signed-in operator's, else the workstation's. */
  get(): DeskSettings;
  /** Changes the given settings for whoever `get` answers for, and returns them all. */
  set(next: DeskSettingsUpdate): DeskSettings;
}

export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const LANGUAGE_SETTING = 'ui.language';
const OPERATOR_LANGUAGES_SECRET = 'ui.operator-languages';
const OPERATOR_AUDIO_DEVICES_SECRET = 'phone.operator-audio-devices';

export type SettingsStore = Pick<OutboxStore, 'getSetting' | 'setSetting' | 'getSecret' | 'putSecret'>;

const allDefaults = (d: AudioDevices) => d.microphone === null && d.speaker === null && d.ringer === null;

export function createDeskSettings(store: SettingsStore, operatorId: () => string | null = () => null): DeskSettingsStore {
  const operatorLanguages = sealedOperatorList(store, OPERATOR_LANGUAGES_SECRET, Language);
  const operatorAudio = sealedOperatorList(store, OPERATOR_AUDIO_DEVICES_SECRET, AudioDevices);
  // A value this version does not know (older/newer build, hand-edited file) is not an
  // error the operator can act on: the default applies until a new choice is stored.
  const workstationLanguage = (): Language => {
    const stored = Language.safeParse(store.getSetting(LANGUAGE_SETTING));
    return stored.success ? stored.data : DEFAULT_LANGUAGE;
  };

  const get = (): DeskSettings => {
    const id = operatorId();
    if (id === null) return { language: workstationLanguage() };
    const audioDevices = operatorAudio.get(id);
    return { language: operatorLanguages.get(id) ?? workstationLanguage(), ...(audioDevices === null ? {} : { audioDevices }) };
  };
  return {
    get,
    set(next) {
      // The dispatcher validates payloads already; this guards any other caller.
      const parsed = DeskSettingsUpdate.safeParse(next);
      if (!parsed.success) throw new DeskFailure('bad_request', 'settings do not match DeskSettingsUpdate');
      const { language, audioDevices } = parsed.data;
      const id = operatorId();
      // Checked before anything is stored, so a refused call changes nothing.
      if (audioDevices !== undefined && id === null) throw new DeskFailure('not_logged_in', 'audio devices are chosen per operator');
      if (language !== undefined) {
        if (id === null) store.setSetting(LANGUAGE_SETTING, language);
        else operatorLanguages.put(id, language);
      }
      // All system defaults is the same as no choice: nothing about the seat is kept.
      if (audioDevices !== undefined && id !== null) operatorAudio.put(id, allDefaults(audioDevices) ? null : audioDevices);
      return get();
    },
  };
}
