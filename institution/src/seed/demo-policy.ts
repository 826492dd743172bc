import { databasePath } from '../data-dir.ts';
import { openDatabase } from '../db/open-database.ts';
import { createSettingsStore } from '../settings/settings-store.ts';
import type { DialPlanPolicy } from '../../contract/dial-plan.ts';

/**
 * The demo institution's dial plan: permissive enough for the demo (the lab's extensions and
 * queue, mainland mobiles and landlines, the bank's service numbers) but a real plan — no
 * international or premium-rate numbers. Only `npm start` / `npm run demo` apply it; the test
 * harnesses keep the institution's default (no plan: any well-formed number).
 */
export const DEMO_DIAL_PLAN: DialPlanPolicy = {
  allowed: [
    // Extensions and the queue (the lab's agents, 2001 the customer simulator, 4000 the queue).
    '[1-8]XXX',
    // Bank and card service numbers (95588, 95566 …) and 400 hotlines.
    '95XXX',
    '400XXXXXXX',
    // Mainland mobiles, with or without +86.
    '1[3-9]XXXXXXXXX',
    '+861[3-9]XXXXXXXXX',
    // Landlines with the area code (0 + 2–3 digit code + 7–8 digit number).
    '0[1-9]X{8,10}',
  ],
};

/** Sets the demo dial plan unless the institution already has one (an admin's change is kept). */
export async function seedDemoDialPlan(options: { dataDir: string }): Promise<void> {
  const handle = await openDatabase(databasePath(options.dataDir));
  try {
    const settings = createSettingsStore({ db: handle.db, now: () => Date.now() });
    const policy = await settings.policy();
    if (policy.dialPlan === undefined) await settings.setPolicy({ ...policy, dialPlan: DEMO_DIAL_PLAN });
  } finally {
    await handle.close();
  }
}
