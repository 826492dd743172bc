import type { Kysely } from 'kysely';
import { ServerEventType } from '../../contract/api.ts';
import type { ServerEventPage } from '../../contract/api.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { DEFAULT_FLAG_PAGE, MAX_FLAG_PAGE } from './audit-ingest.ts';
import type { FlagPage } from './audit-ingest.ts';

export interface ServerEventInput {
  workstationId: string;
  type: ServerEventType;
  operatorId: string | null;
  /** A short, non-secret code: an error code, a profile serial. */
  detail: string;
  /** The caller's address. */
  source: string;
}

/**
 * The institution's own record of what it saw of each workstation: sign-ins, refreshes,
 * unlocks, logouts and refusals. The workstation's chain records the same moments from its
 * side, so an auditor can lay the two next to each other; a login here with no
 * `session.login` in the chain means events went missing on the workstation. Recorded only
 * for enrolled workstations, so made-up ids cannot grow the table.
 */
export function createServerEventLog(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;
  return {
    async record(input: ServerEventInput): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const enrolled = await trx.selectFrom('workstations').select('id').where('id', '=', input.workstationId).executeTakeFirst();
        if (enrolled === undefined) return;
        const last = await trx.selectFrom('server_events').select((eb) => eb.fn.max('n').as('n')).where('workstation_id', '=', input.workstationId).executeTakeFirst();
        await trx
          .insertInto('server_events')
          .values({
            workstation_id: input.workstationId,
            n: Number(last?.n ?? 0) + 1,
            type: input.type,
            operator_id: input.operatorId,
            detail: input.detail.slice(0, 200),
            source: input.source.slice(0, 64),
            at: now(),
          })
          .execute();
      });
    },

    /** Newest page first, oldest first within the page; null when the workstation is not enrolled. */
    async page(workstationId: string, page: FlagPage = {}): Promise<ServerEventPage | null> {
      const enrolled = await db.selectFrom('workstations').select('id').where('id', '=', workstationId).executeTakeFirst();
      if (enrolled === undefined) return null;
      const limit = Math.min(Math.max(1, page.limit ?? DEFAULT_FLAG_PAGE), MAX_FLAG_PAGE);
      let query = db.selectFrom('server_events').selectAll().where('workstation_id', '=', workstationId);
      if (page.before !== undefined) query = query.where('n', '<', page.before);
      const newestFirst = await query.orderBy('n', 'desc').limit(limit + 1).execute();
      const rows = newestFirst.slice(0, limit).reverse();
      return {
        workstationId,
        events: rows.map((r) => ({
          n: r.n,
          type: ServerEventType.catch('proof-refused').parse(r.type),
          operatorId: r.operator_id,
          detail: r.detail,
          source: r.source,
          at: isoTime(r.at),
        })),
        nextBefore: newestFirst.length > limit ? (rows[0]?.n ?? null) : null,
      };
    },
  };
}

export type ServerEventLog = ReturnType<typeof createServerEventLog>;
