import { CallRecord } from '../../../institution/contract/api.ts';
import type { CallRecordArgs } from '../../contract/phone.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { Deliverer, DeliveryOutcome } from '../outbox/delivery.ts';
import type { OutboxItem, OutboxStore, Rejection } from '../outbox/store.ts';
import type { SessionKeeper } from '../session/keeper.ts';

/**
 * Call records (metadata only) from the renderer's phone to the institution through the
 * encrypted outbox: nothing else of a call is kept on this workstation, and a record waits
 * there, sealed, until the institution acknowledges it.
 *
 * The institution takes a record only from its own operator's session (the token's operator
 * must be the record's). So records are queued per operator — outbox kind
 * `call-record:<operatorId>`, key the call id — and the deliverer's kind is the signed-in
 * operator's: their records go out while they are signed in (locked too), and another
 * operator's wait, sealed, until that operator signs in here again. Nobody signed in: the
 * deliverer's queue is empty.
 */
export const CALL_RECORD_KIND_PREFIX = 'call-record:';
export const callRecordKind = (operatorId: string): string => `${CALL_RECORD_KIND_PREFIX}${operatorId}`;
/** No operator id has this shape, so no queue matches while nobody is signed in. */
const NOBODY = `${CALL_RECORD_KIND_PREFIX} `;

export interface CallRecords {
  /** Queues the record of a call that just finished (wrap-up done) for the signed-in operator. */
  record(args: CallRecordArgs): void;
  /** The outbox deliverer of the signed-in operator's records. */
  readonly deliverer: Deliverer;
}

export interface CallRecordsOptions {
  store: Pick<OutboxStore, 'enqueue'>;
  client: Pick<InstitutionClient, 'recordCall'>;
  session: Pick<SessionKeeper, 'withAccessToken' | 'operatorId'>;
  audit: Pick<AuditChain, 'append'>;
}

/** The institution did not answer, or answered it could not process anything: try again later. */
const transient = (e: unknown): boolean =>
  !(e instanceof ApiFailure) ||
  e.kind !== 'http' ||
  e.status === null ||
  e.status >= 500 ||
  e.status === 401 ||
  e.status === 408 ||
  e.status === 429;

export function createCallRecords(o: CallRecordsOptions): CallRecords {
  const whileLocked = { whileLocked: true } as const;

  const deliverOne = async (operatorId: string, item: OutboxItem): Promise<'delivered' | Rejection> => {
    const parsed = CallRecord.safeParse(item.payload);
    if (!parsed.success || parsed.data.operatorId !== operatorId || parsed.data.callId !== item.idempotencyKey) {
      return { key: item.idempotencyKey, reason: 'malformed' };
    }
    try {
      await o.session.withAccessToken((token) => o.client.recordCall(token, parsed.data), whileLocked);
      return 'delivered';
    } catch (e) {
      if (transient(e)) throw e;
      // A refusal for good (malformed, unknown disposition, a conflicting earlier record):
      // resending would never succeed, so the row goes to dead_letter for IT.
      const code = e instanceof ApiFailure && e.code !== null ? e.code : 'refused';
      return { key: item.idempotencyKey, reason: code };
    }
  };

  const deliverer: Deliverer = {
    get kind() {
      const operatorId = o.session.operatorId();
      return operatorId === null ? NOBODY : callRecordKind(operatorId);
    },
    batchSize: 10,
    async deliver(items): Promise<DeliveryOutcome> {
      const operatorId = o.session.operatorId();
      const outcome: DeliveryOutcome = { delivered: [], rejected: [] };
      if (operatorId === null) return { ...outcome, retryable: true };
      for (const item of items) {
        let result: 'delivered' | Rejection;
        try {
          result = await deliverOne(operatorId, item);
        } catch {
          // The rest waits for the next pass (backoff); what was settled stays settled.
          return { ...outcome, retryable: true };
        }
        if (result === 'delivered') outcome.delivered.push(item.idempotencyKey);
        else outcome.rejected.push(result);
      }
      return outcome;
    },
  };

  return {
    record(args) {
      const operatorId = o.session.operatorId();
      if (operatorId === null) throw new DeskFailure('not_logged_in');
      const record = CallRecord.parse({ ...args, operatorId });
      const added = o.store.enqueue(callRecordKind(operatorId), record.callId, record);
      // The chain says a record was made, never what it holds (no number, not even masked).
      if (added) o.audit.append('phone.call-recorded', operatorId, { callId: record.callId, disposition: record.disposition });
    },
    deliverer,
  };
}
