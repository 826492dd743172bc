import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { OutboxStore } from '../outbox/store.ts';
import { verifySiteProfile } from './verify.ts';

/**
 * The local rollback floor: the highest profile serial this data directory has accepted.
 * A profile is verified against it, and a newer one raises it, so an older signed profile
 * cannot be slipped back in (the institution's minimum serial covers a fresh data dir).
 */
const MIN_SERIAL_SETTING = 'profile.min-serial';

export function verifyAboveFloor(
  store: Pick<OutboxStore, 'getSetting' | 'setSetting'>,
  signedProfile: unknown,
  keys: Record<string, string>,
  nowMs: number,
): SiteProfile {
  const stored = Number(store.getSetting(MIN_SERIAL_SETTING) ?? '0');
  const minSerial = Number.isSafeInteger(stored) && stored > 0 ? stored : undefined;
  const profile = verifySiteProfile(signedProfile, { keys }, minSerial === undefined ? { now: nowMs } : { now: nowMs, minSerial });
  if (minSerial === undefined || profile.serial > minSerial) store.setSetting(MIN_SERIAL_SETTING, String(profile.serial));
  return profile;
}
