import { compareSemver, isSemver } from '../../../institution/contract/semver.ts';
import type { OutboxStore } from '../outbox/store.ts';

/**
 * The updater's rollback floor: the highest version this data directory ever ran or
 * installed, kept in the local store. Nothing at or below it is installed, so an older
 * release — however validly signed, however the server offers it — cannot be slipped back
 * in. The running version raises it at every start; an install raises it on hand-off.
 */
export const UPDATE_FLOOR_SETTING = 'updates.floor-version';

export interface UpdateFloor {
  current(): string;
  raise(version: string): void;
}

export function createUpdateFloor(store: Pick<OutboxStore, 'getSetting' | 'setSetting'>, runningVersion: string): UpdateFloor {
  const stored = (): string | null => {
    const v = store.getSetting(UPDATE_FLOOR_SETTING);
    return v !== null && isSemver(v) ? v : null;
  };
  const raise = (version: string): void => {
    const now = stored();
    if (now === null || compareSemver(version, now) > 0) store.setSetting(UPDATE_FLOOR_SETTING, version);
  };
  raise(runningVersion);
  return { current: () => stored() ?? runningVersion, raise };
}
