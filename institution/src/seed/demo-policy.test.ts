import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan, dialPlanAllows, DialPlanPolicy } from '../../contract/dial-plan.ts';
import { databasePath } from '../data-dir.ts';
import { openDatabase } from '../db/open-database.ts';
import { createSettingsStore } from '../settings/settings-store.ts';
import { TEST_SCRYPT } from '../testing/harness.ts';
import { seedDemo } from './demo.ts';
import { DEMO_DIAL_PLAN, seedDemoDialPlan } from './demo-policy.ts';

describe('the demo dial plan', () => {
  it('allows the lab, service numbers, mainland mobiles and landlines, and nothing international or premium', () => {
    const plan = compilePlan(DialPlanPolicy.parse(DEMO_DIAL_PLAN));
    expect(plan).toHaveLength(DEMO_DIAL_PLAN.allowed.length);
    for (const n of ['2001', '4000', '95588', '4008200588', '13912345678', '+8613912345678', '01062345678', '075512345678']) expect({ n, ok: dialPlanAllows(plan, n) }).toEqual({ n, ok: true });
    for (const n of ['0012125550100', '+12125550100', '16001234', '9001', '123', '139123456789']) expect({ n, ok: dialPlanAllows(plan, n) }).toEqual({ n, ok: false });
  });

  it('is set once by the demo start and keeps a plan the admin changed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'demo-policy-'));
    try {
      await seedDemo({ dataDir, passwordHashing: TEST_SCRYPT });
      await seedDemoDialPlan({ dataDir });
      const handle = await openDatabase(databasePath(dataDir));
      try {
        const settings = createSettingsStore({ db: handle.db, now: () => 0 });
        expect((await settings.policy()).dialPlan).toEqual(DEMO_DIAL_PLAN);
        await settings.setPolicy({ ...(await settings.policy()), dialPlan: { allowed: ['95588'] } });
      } finally {
        await handle.close();
      }
      await seedDemoDialPlan({ dataDir });
      const again = await openDatabase(databasePath(dataDir));
      try {
        expect((await createSettingsStore({ db: again.db, now: () => 0 }).policy()).dialPlan).toEqual({ allowed: ['95588'] });
      } finally {
        await again.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
