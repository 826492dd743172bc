import type { Transaction } from 'kysely';
import type { AuditFlagReason } from '../../contract/api.ts';
import type { Database } from '../db/schema.ts';

/**
 * Raises a flag for the auditors: numbered 1, 2, 3… per workstation in the order raised.
 * `once`: skip when the same reason with the same detail is already on record (evidence
 * that can be re-sent or re-evaluated any number of times is still one finding).
 */
export async function raiseFlag(
  trx: Transaction<Database>,
  at: number,
  flag: { workstationId: string; seq: number; reason: AuditFlagReason; detail: string },
  options: { once?: boolean } = {},
): Promise<void> {
  if (options.once === true) {
    const known = await trx
      .selectFrom('audit_flags')
      .select('n')
      .where('workstation_id', '=', flag.workstationId)
      .where('reason', '=', flag.reason)
      .where('detail', '=', flag.detail)
      .executeTakeFirst();
    if (known !== undefined) return;
  }
  const last = await trx.selectFrom('audit_flags').select((eb) => eb.fn.max('n').as('n')).where('workstation_id', '=', flag.workstationId).executeTakeFirst();
  const n = Number(last?.n ?? 0) + 1;
  await trx.insertInto('audit_flags').values({ workstation_id: flag.workstationId, n, seq: flag.seq, reason: flag.reason, detail: flag.detail, at }).execute();
}
