import type { DatabaseHandle } from '../db/database-handle.ts';
import { createCallerDirectory, type CustomerRecord } from '../phone/caller-directory.ts';

/**
 * Demo customers for the screen pop. Invented people: the ID numbers use the real format
 * (18 characters, region + birth date + sequence + check character) but belong to nobody,
 * the card numbers are test numbers. Never seed them into a real deployment.
 *
 * `2001` is the lab's customer simulator (the e2e SIP peer and the demo's caller): a call
 * from it pops a known customer.
 */
export const DEMO_CUSTOMERS: readonly CustomerRecord[] = [
  { id: 'C-0001', phone: '13912345678', name: '王建明', idNumber: '110105198003151234', cardNumber: '6222020000001234', tier: 'gold', openTickets: 2 },
  { id: 'C-0002', phone: '13800138000', name: '李晓红', idNumber: '310104199107226543', cardNumber: '6222020000005678', tier: 'platinum', openTickets: 0 },
  { id: 'C-0003', phone: '01062345678', name: '张伟', idNumber: '44030419850609001X', cardNumber: null, tier: 'standard', openTickets: 1 },
  { id: 'C-0004', phone: '2001', name: '陈志强', idNumber: '320102197512118765', cardNumber: '6222020000009012', tier: 'diamond', openTickets: 3 },
];

export async function seedDemoCustomers(handle: DatabaseHandle): Promise<void> {
  await createCallerDirectory({ db: handle.db }).add(DEMO_CUSTOMERS);
}
