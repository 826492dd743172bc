import { createHash } from 'node:crypto';
import { CallRecord } from '../../contract/api.ts';
import type { CallRecordReceipt, CallRecordView } from '../../contract/api.ts';
import { canonicalJson } from '../../contract/canonical-json.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';

/** A listing never returns more than this many records at once. */
export const MAX_CALL_RECORD_PAGE = 500;

export type StoreOutcome =
  | { kind: 'stored' | 'replayed'; receipt: CallRecordReceipt }
  /** The same operator + call id was stored with other content: a desk bug or a forgery, never overwritten. */
  | { kind: 'conflict' };

const hashOf = (json: string) => createHash('sha256').update(json, 'utf8').digest('hex');

/**
 * The institution's call records: one row per operator + call id. The desk's outbox resends
 * a record until it is acknowledged, so a replay of the same content answers the receipt of
 * the first delivery and stores nothing; other content under the same key is a conflict.
 */
export function createCallRecordStore(deps: { handle: DatabaseHandle; now: Clock }) {
  const { handle, now } = deps;
  const db = handle.db;

  async function existing(operatorId: string, callId: string, hash: string): Promise<StoreOutcome | null> {
    const row = await db.selectFrom('phone_calls').select(['record_hash', 'received_at']).where('operator_id', '=', operatorId).where('call_id', '=', callId).executeTakeFirst();
    if (row === undefined) return null;
    if (row.record_hash !== hash) return { kind: 'conflict' };
    return { kind: 'replayed', receipt: { callId, receivedAt: isoTime(row.received_at) } };
  }

  return {
    async store(workstationId: string, record: CallRecord): Promise<StoreOutcome> {
      const json = canonicalJson(record);
      const hash = hashOf(json);
      const before = await existing(record.operatorId, record.callId, hash);
      if (before !== null) return before;
      const at = now();
      try {
        await db
          .insertInto('phone_calls')
          .values({
            operator_id: record.operatorId,
            call_id: record.callId,
            workstation_id: workstationId,
            started_at: Date.parse(record.startedAt),
            record: json,
            record_hash: hash,
            received_at: at,
          })
          .execute();
      } catch (error) {
        // Two deliveries of the same record at once: the one that lost answers like a replay.
        if (!handle.isUniqueViolation(error)) throw error;
        const raced = await existing(record.operatorId, record.callId, hash);
        if (raced !== null) return raced;
        throw error;
      }
      return { kind: 'stored', receipt: { callId: record.callId, receivedAt: isoTime(at) } };
    },

    /** Newest first (by the call's start), optionally one operator's. */
    async list(o: { operatorId?: string; limit: number }): Promise<CallRecordView[]> {
      let query = db.selectFrom('phone_calls').select(['record', 'workstation_id', 'received_at']);
      if (o.operatorId !== undefined) query = query.where('operator_id', '=', o.operatorId);
      const rows = await query.orderBy('started_at', 'desc').orderBy('call_id').limit(Math.min(o.limit, MAX_CALL_RECORD_PAGE)).execute();
      // Only validated records are stored; a row edited by hand that no longer parses is left out, not a 500.
      return rows.flatMap((r) => {
        let parsed;
        try {
          parsed = CallRecord.safeParse(JSON.parse(r.record));
        } catch {
          return [];
        }
        return parsed.success ? [{ ...parsed.data, workstationId: r.workstation_id, receivedAt: isoTime(r.received_at) }] : [];
      });
    },

    async count(operatorId: string, callId: string): Promise<number> {
      const row = await db.selectFrom('phone_calls').select((eb) => eb.fn.countAll().as('n')).where('operator_id', '=', operatorId).where('call_id', '=', callId).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

export type CallRecordStore = ReturnType<typeof createCallRecordStore>;
