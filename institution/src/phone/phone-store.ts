import type { Kysely } from 'kysely';
import { AgentState, PhoneCode } from '../../contract/api.ts';
import type { AgentStateReport, AgentStateView, PhoneCodeEntry, PhoneCodes } from '../../contract/api.ts';
import { isCleanName } from '../../contract/clean-text.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

export type PhoneCodeKind = 'not-ready' | 'disposition';

/** Until the institution sets one: long enough to note a disposition, short enough not to idle. */
export const DEFAULT_WRAP_UP_SECONDS = 30;

/**
 * The institution's softphone data: its code lists and wrap-up time, and each operator's
 * agent state (the current one, and every report in order for the supervisor view).
 */
export function createPhoneStore(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;

  async function list(kind: PhoneCodeKind): Promise<PhoneCodeEntry[]> {
    const rows = await db.selectFrom('phone_codes').selectAll().where('kind', '=', kind).orderBy('position').orderBy('code').execute();
    return rows.map((r) => ({ code: r.code, label: { 'zh-CN': r.label_zh, 'en-US': r.label_en } }));
  }

  return {
    async codes(): Promise<PhoneCodes> {
      const settings = await db.selectFrom('phone_settings').select('wrap_up_seconds').where('id', '=', 1).executeTakeFirst();
      return {
        notReadyReasons: await list('not-ready'),
        dispositions: await list('disposition'),
        wrapUpSeconds: settings?.wrap_up_seconds ?? DEFAULT_WRAP_UP_SECONDS,
      };
    },

    async isNotReadyReason(code: string): Promise<boolean> {
      const row = await db.selectFrom('phone_codes').select('code').where('kind', '=', 'not-ready').where('code', '=', code).executeTakeFirst();
      return row !== undefined;
    },

    /** Adds the codes the list does not have yet (existing ones keep their labels): seeding is idempotent. */
    async addCodes(kind: PhoneCodeKind, entries: readonly PhoneCodeEntry[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const last = await trx.selectFrom('phone_codes').select((eb) => eb.fn.max('position').as('p')).where('kind', '=', kind).executeTakeFirst();
        let position = Number(last?.p ?? 0);
        for (const entry of entries) {
          position += 1;
          const code = PhoneCode.parse(entry.code);
          // Reasons and dispositions are shown on every desk and copied into call records: no hidden characters.
          for (const label of [entry.label['zh-CN'], entry.label['en-US']]) {
            if (label.trim() === '' || !isCleanName(label)) throw new RangeError(`phone code ${code}: a label must be visible text (no control, bidi-override or invisible characters)`);
          }
          await trx
            .insertInto('phone_codes')
            .values({ kind, code, label_zh: entry.label['zh-CN'], label_en: entry.label['en-US'], position })
            .onConflict((oc) => oc.columns(['kind', 'code']).doNothing())
            .execute();
        }
      });
    },

    async setWrapUpSeconds(seconds: number): Promise<void> {
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3_600) throw new RangeError('wrap-up seconds must be an integer in 0..3600');
      await db
        .insertInto('phone_settings')
        .values({ id: 1, wrap_up_seconds: seconds })
        .onConflict((oc) => oc.column('id').doUpdateSet({ wrap_up_seconds: seconds }))
        .execute();
    },

    /** Keeps the report as the operator's current state and appends it to their history, in one transaction; returns its time (ms). */
    async report(operatorId: string, workstationId: string, report: AgentStateReport): Promise<number> {
      const at = now();
      const row = { workstation_id: workstationId, state: report.state, reason_code: report.reasonCode, call_id: report.callId };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('agent_states')
          .values({ operator_id: operatorId, ...row, since: at })
          .onConflict((oc) => oc.column('operator_id').doUpdateSet({ ...row, since: at }))
          .execute();
        const last = await trx.selectFrom('agent_state_history').select((eb) => eb.fn.max('n').as('n')).where('operator_id', '=', operatorId).executeTakeFirst();
        await trx.insertInto('agent_state_history').values({ operator_id: operatorId, n: Number(last?.n ?? 0) + 1, ...row, at }).execute();
      });
      return at;
    },

    async currentStates(): Promise<AgentStateView[]> {
      const rows = await db
        .selectFrom('agent_states')
        .leftJoin('operators', 'operators.id', 'agent_states.operator_id')
        .select(['agent_states.operator_id', 'operators.team', 'agent_states.workstation_id', 'agent_states.state', 'agent_states.reason_code', 'agent_states.call_id', 'agent_states.since'])
        .orderBy('agent_states.operator_id')
        .execute();
      return rows.map((r) => ({
        operatorId: r.operator_id,
        team: r.team ?? null,
        // Only validated reports are stored; a row edited by hand reads as offline rather than failing the view.
        state: AgentState.catch('offline').parse(r.state),
        reasonCode: r.reason_code,
        callId: r.call_id,
        workstationId: r.workstation_id,
        since: isoTime(r.since),
      }));
    },

    /** An operator's history, oldest first (tests and, later, reports). */
    async history(operatorId: string): Promise<{ n: number; state: string; reasonCode: string | null; callId: string | null; workstationId: string; at: number }[]> {
      const rows = await db.selectFrom('agent_state_history').selectAll().where('operator_id', '=', operatorId).orderBy('n').execute();
      return rows.map((r) => ({ n: r.n, state: r.state, reasonCode: r.reason_code, callId: r.call_id, workstationId: r.workstation_id, at: r.at }));
    },
  };
}

export type PhoneStore = ReturnType<typeof createPhoneStore>;
