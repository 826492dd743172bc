import { AuditEvent } from '../../../institution/contract/audit.ts';
import type { AuditBatchRequest, AuditBatchResponse } from '../../../institution/contract/api.ts';
import type { Deliverer, DeliveryOutcome } from '../outbox/delivery.ts';
import type { OutboxItem, Rejection } from '../outbox/store.ts';

/** Outbox kind of audit events; the idempotency key is the event's seq. */
export const AUDIT_KIND = 'audit';
export const auditItemKey = (seq: number): string => String(seq);

/** The one client call this deliverer needs (InstitutionClient satisfies it). */
export interface AuditSender {
  sendAuditBatch(req: AuditBatchRequest): Promise<AuditBatchResponse>;
}

/**
 * Sends queued audit events in seq order. The institution acknowledges by seq
 * (re-sent events included, stored once), so a crash between its acknowledgement and
 * our local delete only causes a harmless resend.
 */
export function createAuditDeliverer(sender: AuditSender, o: { batchSize?: number } = {}): Deliverer {
  return {
    kind: AUDIT_KIND,
    batchSize: o.batchSize ?? 100,
    async deliver(items: OutboxItem[]): Promise<DeliveryOutcome> {
      const events: AuditEvent[] = [];
      const malformed: Rejection[] = [];
      for (const item of items) {
        const parsed = AuditEvent.safeParse(item.payload);
        if (parsed.success) events.push(parsed.data);
        else malformed.push({ key: item.idempotencyKey, reason: 'malformed' });
      }
      if (events.length === 0) return { delivered: [], rejected: malformed };
      const res = await sender.sendAuditBatch({ events });
      const sent = new Set(events.map((e) => e.seq));
      return {
        delivered: res.acknowledged.filter((seq) => sent.has(seq)).map(auditItemKey),
        rejected: [
          ...malformed,
          ...res.rejected.filter((r) => sent.has(r.seq)).map((r) => ({ key: auditItemKey(r.seq), reason: r.reason })),
        ],
      };
    },
  };
}
