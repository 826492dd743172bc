import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { auditHeadMessage } from '../../contract/workstation-proof.ts';
import type { AuditHead } from '../../contract/workstation-proof.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { raiseFlag } from './flags.ts';

export interface AnchorPolicy {
  /**
   * How long the delivered chain may stay short of a head the workstation anchored before
   * it is flagged `undelivered`. Longer than a few delivery retries (the outbox backs off
   * up to 60 s), short enough that deleting undelivered events does not stay unnoticed.
   */
  deliveryGraceMs: number;
  /** Anchors kept above the delivered head per workstation (a long outage); beyond it only a higher head is stored. */
  maxPending: number;
}

export const DEFAULT_ANCHOR_POLICY: AnchorPolicy = { deliveryGraceMs: 10 * 60_000, maxPending: 10_000 };

export function headSignatureValid(key: KeyObject, head: AuditHead, signature: string): boolean {
  try {
    return verify(null, Buffer.from(auditHeadMessage(head), 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

type Trx = Transaction<Database>;

async function highestAnchor(trx: Trx | Kysely<Database>, workstationId: string) {
  return trx
    .selectFrom('audit_anchors')
    .selectAll()
    .where('workstation_id', '=', workstationId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The institution's side of anchoring: a workstation signs the head of its audit chain
 * (seq, hash, its clock) on every authenticated call and on a heartbeat. Because each hash
 * commits to the whole chain before it, an anchored head fixes every event up to it, even
 * ones not delivered yet. Found out here, with flags for the auditors:
 *  - `anchor-conflict`: a delivered event, or another signed head, has a different hash at
 *    an anchored seq (the history below that head was rewritten);
 *  - `head-regression`: a lower head signed later (on the workstation's clock) than an
 *    anchored one: the chain was cut back, e.g. an event dropped and the rest renumbered;
 *  - `undelivered`: deliveries stay short of an anchored head longer than the policy allows
 *    (events deleted from the outbox). Evaluated when a head arrives, on delivery and when
 *    the auditors read the view, never by a timer.
 */
export function createAnchorBook(deps: { db: Kysely<Database>; now: Clock; policy: AnchorPolicy }) {
  const { db, now, policy } = deps;

  async function storedEventHash(trx: Trx, workstationId: string, seq: number): Promise<string | undefined> {
    const row = await trx.selectFrom('audit_events').select('hash').where('workstation_id', '=', workstationId).where('seq', '=', seq).executeTakeFirst();
    return row?.hash;
  }

  /** Flags an `undelivered` gap once per anchored seq; `deliveredSeq` is the contiguous head. */
  async function evaluateDelivery(trx: Trx, workstationId: string, deliveredSeq: number): Promise<void> {
    const oldest = await trx
      .selectFrom('audit_anchors')
      .selectAll()
      .where('workstation_id', '=', workstationId)
      .where('seq', '>', deliveredSeq)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (oldest === undefined || now() - oldest.received_at <= policy.deliveryGraceMs) return;
    const detail = `head ${oldest.seq} anchored at ${isoTime(oldest.received_at)} is not delivered (delivered up to ${deliveredSeq})`;
    const known = await trx.selectFrom('audit_flags').select('n').where('workstation_id', '=', workstationId).where('reason', '=', 'undelivered').where('seq', '=', oldest.seq).executeTakeFirst();
    if (known === undefined) await raiseFlag(trx, now(), { workstationId, seq: oldest.seq, reason: 'undelivered', detail });
  }

  /** Anchors at or below the delivered head have been compared with their events; the highest stays for the view. */
  async function prune(trx: Trx, workstationId: string, deliveredSeq: number): Promise<void> {
    const top = await highestAnchor(trx, workstationId);
    if (top === undefined) return;
    await trx.deleteFrom('audit_anchors').where('workstation_id', '=', workstationId).where('seq', '<=', deliveredSeq).where('seq', '<', top.seq).execute();
  }

  return {
    /** Records a head whose signature the caller has verified. Returns the highest anchored seq. */
    async record(trx: Trx, head: AuditHead, deliveredSeq: number): Promise<number> {
      const { workstationId, seq, hash, at } = head;
      const flag = (reason: 'anchor-conflict' | 'head-regression', detail: string) => raiseFlag(trx, now(), { workstationId, seq, reason, detail }, { once: true });
      const delivered = await storedEventHash(trx, workstationId, seq);
      if (delivered !== undefined && delivered !== hash) await flag('anchor-conflict', `signed head ${hash} differs from the delivered event`);
      const same = await trx.selectFrom('audit_anchors').select('hash').where('workstation_id', '=', workstationId).where('seq', '=', seq).executeTakeFirst();
      if (same !== undefined && same.hash !== hash) await flag('anchor-conflict', `signed head ${hash} differs from the head anchored earlier`);
      const top = await highestAnchor(trx, workstationId);
      if (top !== undefined && seq < top.seq && at > top.signed_at) {
        await flag('head-regression', `head ${seq} (${hash}) signed after head ${top.seq}`);
      }
      if (same === undefined && (delivered === undefined || top === undefined || seq > top.seq)) {
        const pending = await trx.selectFrom('audit_anchors').select((eb) => eb.fn.countAll<number>().as('count')).where('workstation_id', '=', workstationId).executeTakeFirst();
        if (Number(pending?.count ?? 0) < policy.maxPending || top === undefined || seq > top.seq) {
          await trx.insertInto('audit_anchors').values({ workstation_id: workstationId, seq, hash, signed_at: at, received_at: now() }).execute();
        }
      }
      await prune(trx, workstationId, deliveredSeq);
      await evaluateDelivery(trx, workstationId, deliveredSeq);
      return Math.max(seq, top?.seq ?? 0);
    },

    /** The hash anchored at `seq`, if any: a delivered event there must have it. */
    async anchoredHash(trx: Trx, workstationId: string, seq: number): Promise<string | undefined> {
      const row = await trx.selectFrom('audit_anchors').select('hash').where('workstation_id', '=', workstationId).where('seq', '=', seq).executeTakeFirst();
      return row?.hash;
    },

    /** After a delivery moved the contiguous head. */
    async delivered(trx: Trx, workstationId: string, deliveredSeq: number): Promise<void> {
      await prune(trx, workstationId, deliveredSeq);
      await evaluateDelivery(trx, workstationId, deliveredSeq);
    },

    evaluateDelivery,

    /** For the auditors' view: the highest anchored seq and when it first arrived. */
    async highest(workstationId: string): Promise<{ seq: number; receivedAt: number } | null> {
      const top = await highestAnchor(db, workstationId);
      return top === undefined ? null : { seq: top.seq, receivedAt: top.received_at };
    },
  };
}

export type AnchorBook = ReturnType<typeof createAnchorBook>;

/**
 * Verifies a signed head with the workstation's enrolled key and records it, in one
 * transaction with the delivered head it is compared against. Throws
 * workstation_not_enrolled (403) or workstation_proof_invalid (401); a head that does not
 * verify is not evidence of anything and changes nothing.
 */
export async function anchorSignedHead(
  deps: { db: Kysely<Database>; anchors: AnchorBook; publicKeyOf(workstationId: string): Promise<KeyObject | null> },
  head: AuditHead,
  signature: string,
): Promise<{ anchoredSeq: number; headSeq: number }> {
  const key = await deps.publicKeyOf(head.workstationId);
  if (key === null) throw new ApiFailure('workstation_not_enrolled', 'this workstation is not enrolled with the institution');
  if (!headSignatureValid(key, head, signature)) throw new ApiFailure('workstation_proof_invalid', 'the audit head signature does not verify');
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('workstations').select('head_seq').where('id', '=', head.workstationId).executeTakeFirst();
    const headSeq = row?.head_seq ?? 0;
    const anchoredSeq = await deps.anchors.record(trx, head, headSeq);
    return { anchoredSeq, headSeq };
  });
}
