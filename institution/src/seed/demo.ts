import { seedDemoKb } from './demo-kb.ts';
import { seedDemoTickets } from './demo-tickets.ts';
import { acknowledgeSeededMandatoryReads, kbIsEmpty } from './demo-kb-reads.ts';
import type { Role } from '../../contract/api.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword } from '../auth/password.ts';
import type { ScryptParams } from '../auth/password.ts';
import { systemClock } from '../clock.ts';
import type { Clock } from '../clock.ts';
import { databasePath } from '../data-dir.ts';
import { openDatabase } from '../db/open-database.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { findOperator, insertOperator } from '../operators/operator-store.ts';
import { createSettingsStore } from '../settings/settings-store.ts';
import { seedDemoCustomers } from './demo-customers.ts';
import { seedDemoPhone } from './demo-phone.ts';

export interface DemoOperator {
  id: string;
  displayName: string;
  password: string;
  roles: Role[];
  team: string | null;
  /** The team's display name, what the operator reads on the desk. */
  teamName: string | null;
  totpSecret: string | null;
}

export const DEMO_INSTITUTION = { id: 'demo-bank', name: { 'zh-CN': '示例银行', 'en-US': 'Demo Bank' } };

/** Demo data only: these passwords are public. Never seed them into a real deployment. */
export const DEMO_OPERATORS: readonly DemoOperator[] = [
  { id: 'A1001', displayName: '王小明', password: 'Agent#2026', roles: ['agent'], team: 'team-1', teamName: '信用卡客服一组', totpSecret: null },
  { id: 'A1002', displayName: '李娜', password: 'Agent#2026', roles: ['agent'], team: 'team-1', teamName: '信用卡客服一组', totpSecret: 'JBSWY3DPEHPK3PXP' },
  { id: 'S2001', displayName: '张伟', password: 'Super#2026', roles: ['supervisor'], team: 'team-1', teamName: '信用卡客服一组', totpSecret: null },
  { id: 'QA01', displayName: '赵敏', password: 'Quality#2026', roles: ['qa'], team: null, teamName: null, totpSecret: null },
  { id: 'ADM01', displayName: '陈静', password: 'Admin#2026', roles: ['admin'], team: null, teamName: null, totpSecret: null },
];

export interface SeedOptions {
  passwordHashing?: ScryptParams;
  now?: Clock;
}

/** Seeds an open database; idempotent (existing operators are left as they are). Returns the ids created. */
export async function seedDemoInto(handle: DatabaseHandle, options: SeedOptions = {}): Promise<string[]> {
  const now = options.now ?? systemClock;
  await createSettingsStore({ db: handle.db, now }).setIdentity(DEMO_INSTITUTION);
  const created: string[] = [];
  for (const operator of DEMO_OPERATORS) {
    if ((await findOperator(handle.db, operator.id)) !== undefined) continue;
    const passwordHash = await hashPassword(operator.password, options.passwordHashing ?? DEFAULT_SCRYPT_PARAMS);
    await insertOperator(handle.db, { ...operator, passwordHash }, now());
    created.push(operator.id);
  }
  await seedDemoPhone(handle, now);
  await seedDemoCustomers(handle);
  const kbWasEmpty = await kbIsEmpty(handle);
  await seedDemoKb(handle, now);
  // Onboarding read: mandatory queues start empty (the Ready gate waits for new publications).
  if (kbWasEmpty) await acknowledgeSeededMandatoryReads(handle, now);
  await seedDemoTickets(handle, now);
  return created;
}

/** Opens the data directory's database, seeds the demo institution and operators, closes it. */
export async function seedDemo(options: SeedOptions & { dataDir: string }): Promise<string[]> {
  const handle = await openDatabase(databasePath(options.dataDir));
  try {
    return await seedDemoInto(handle, options);
  } finally {
    await handle.close();
  }
}

/** True when the database has no operator yet (`serve --demo` seeds only then). */
export async function hasNoOperators(handle: DatabaseHandle): Promise<boolean> {
  const row = await handle.db.selectFrom('operators').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
