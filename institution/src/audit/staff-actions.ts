import type { Kysely, Migration } from 'kysely';
import { StaffActionType } from '../../contract/api.ts';
import type { StaffActionPage } from '../../contract/api.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

/**
 * The institution's log of what operators and staff did to records it holds (knowledge-base
 * drafts, publications, retirements, mandatory changes, acknowledgements), whatever session
 * they used. The server-event log is per workstation, so an author at a console session
 * would leave no trace there; this one is institution-wide. Append-only: nothing here updates
 * or deletes a row. Sessions at a workstation are also written to that workstation's server
 * events by the caller, so an auditor can lay them next to the workstation's own chain.
 */
export interface StaffActionsTable {
  n: number;
  type: string;
  operator_id: string;
  workstation_id: string | null;
  subject: string;
  detail: string;
  source: string;
  at: number;
}

export const staffActionsMigration: Migration = {
  // No foreign key to operators: the log is evidence and outlives them.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('staff_actions')
      .addColumn('n', 'integer', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('workstation_id', 'text')
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('staff_actions_operator').on('staff_actions').columns(['operator_id', 'n']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('staff_actions').execute();
  },
};

export interface StaffActionInput {
  type: StaffActionType;
  operatorId: string;
  workstationId: string | null;
  subject: string;
  detail: string;
  source: string;
}

export const DEFAULT_STAFF_ACTION_PAGE = 100;
export const MAX_STAFF_ACTION_PAGE = 500;

export function createStaffActionLog(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;
  return {
    async record(input: StaffActionInput): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const last = await trx.selectFrom('staff_actions').select((eb) => eb.fn.max('n').as('n')).executeTakeFirst();
        await trx
          .insertInto('staff_actions')
          .values({
            n: Number(last?.n ?? 0) + 1,
            type: input.type,
            operator_id: input.operatorId,
            workstation_id: input.workstationId,
            subject: input.subject.slice(0, 64),
            detail: input.detail.slice(0, 200),
            source: input.source.slice(0, 64),
            at: now(),
          })
          .execute();
      });
    },

    /** Newest page first, oldest first within the page; optionally one operator's actions. */
    async page(options: { limit?: number; before?: number; operatorId?: string } = {}): Promise<StaffActionPage> {
      const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_STAFF_ACTION_PAGE), MAX_STAFF_ACTION_PAGE);
      let query = db.selectFrom('staff_actions').selectAll();
      if (options.before !== undefined) query = query.where('n', '<', options.before);
      if (options.operatorId !== undefined) query = query.where('operator_id', '=', options.operatorId);
      const newestFirst = await query.orderBy('n', 'desc').limit(limit + 1).execute();
      const rows = newestFirst.slice(0, limit).reverse();
      return {
        actions: rows.map((r) => ({
          n: r.n,
          // An unknown type (written by a newer server) still shows, under a known name.
          type: StaffActionType.catch('kb-draft-created').parse(r.type),
          operatorId: r.operator_id,
          workstationId: r.workstation_id,
          subject: r.subject,
          detail: r.detail,
          source: r.source,
          at: isoTime(r.at),
        })),
        nextBefore: newestFirst.length > limit ? (rows[0]?.n ?? null) : null,
      };
    },
  };
}

export type StaffActionLog = ReturnType<typeof createStaffActionLog>;
