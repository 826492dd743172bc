import { EnrollmentCode, WorkstationId } from '../../../institution/contract/api.ts';
import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { DeskCoreOptions } from '../desk-core-options.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { verifyAboveFloor } from '../profile/rollback-floor.ts';

/**
 * Start-up step 1: refuse a malformed workstation id or enrollment code, open the
 * encrypted store (it holds the rollback floor) and verify the signed profile against it.
 * Nothing may read the profile, or touch the network, before this has succeeded.
 */
export async function openVerifiedStore(
  o: Pick<DeskCoreOptions, 'workstationId' | 'enrollmentCode' | 'dataDir' | 'keyProvider' | 'signedProfile' | 'trustedProfileKeys'>,
  now: () => number,
): Promise<{ store: OutboxStore; profile: SiteProfile }> {
  const workstationId = WorkstationId.safeParse(o.workstationId);
  if (!workstationId.success) throw new TypeError('createDeskCore: workstationId must match [A-Za-z0-9._-]{1,64}');
  if (o.enrollmentCode !== undefined && !EnrollmentCode.safeParse(o.enrollmentCode).success) {
    throw new TypeError('createDeskCore: enrollmentCode must be 26 base32 characters [A-Z2-7]');
  }
  const store = await openOutboxStore({ dataDir: o.dataDir, keyProvider: o.keyProvider, now });
  try {
    return { store, profile: verifyAboveFloor(store, o.signedProfile, o.trustedProfileKeys, now()) };
  } catch (e) {
    store.close();
    throw e;
  }
}
