import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { AuditFlagReason } from '../../contract/api.ts';
import type { AuditBatchResponse, AuditFlag, AuditWorkstationStatus } from '../../contract/api.ts';
import { auditEventHash } from '../../contract/audit-hash.ts';
import { GENESIS_HASH } from '../../contract/audit.ts';
import type { AuditEvent } from '../../contract/audit.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import type { AnchorBook } from './anchors.ts';
import { raiseFlag } from './flags.ts';

type Rejection = AuditBatchResponse['rejected'][number];
const MAX_GAPS_REPORTED = 100;

export const DEFAULT_FLAG_PAGE = 100;
export const MAX_FLAG_PAGE = 500;

export interface FlagPage {
  /** Flags per page (1..MAX_FLAG_PAGE); default DEFAULT_FLAG_PAGE. */
  limit?: number | undefined;
  /** Only flags raised before this cursor (a previous page's `nextBefore`). */
  before?: number | undefined;
}

function signatureValid(publicKey: KeyObject, event: AuditEvent): boolean {
  try {
    return verify(null, Buffer.from(event.hash, 'utf8'), publicKey, Buffer.from(event.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * 'unsigned': nothing proves the workstation sent it (anyone can POST); 'bad-hash': the
 * workstation signed a hash its content does not have; 'sealed': signed and consistent.
 */
type Seal = 'unsigned' | 'bad-hash' | 'sealed';

function sealOf(publicKey: KeyObject, event: AuditEvent): Seal {
  // The signature first: until it verifies, the event is an anonymous claim, not evidence.
  if (!signatureValid(publicKey, event)) return 'unsigned';
  const { hash, signature: _signature, ...body } = event;
  return auditEventHash(body) === hash ? 'sealed' : 'bad-hash';
}

/**
 * Verifies and stores a workstation's audit chain. The endpoint takes no bearer token: the
 * enrolled key's signature of each event's hash is what authenticates it. So an event whose
 * signature does not verify is refused WITHOUT writing anything (otherwise anyone who
 * knows a workstation id could fill its auditors' view with flags); only signed events can
 * raise flags: a signed hash the content does not match, a conflict, a broken link, a gap.
 * Missing events are stored around (so nothing is lost) and reported until they arrive.
 */
export function createAuditIngest(deps: { db: Kysely<Database>; now: Clock; anchors: AnchorBook }) {
  const { db, now, anchors } = deps;

  const flag = (trx: Transaction<Database>, workstationId: string, seq: number, reason: AuditFlagReason, detail: string, once = false): Promise<void> =>
    raiseFlag(trx, now(), { workstationId, seq, reason, detail }, { once });

  async function storedHash(trx: Transaction<Database>, workstationId: string, seq: number): Promise<{ hash: string; prev_hash: string } | undefined> {
    return trx
      .selectFrom('audit_events')
      .select(['hash', 'prev_hash'])
      .where('workstation_id', '=', workstationId)
      .where('seq', '=', seq)
      .executeTakeFirst();
  }

  /** Checks one event against the stored chain; returns a rejection, or null when it was acknowledged. */
  async function ingestOne(trx: Transaction<Database>, workstationId: string, event: AuditEvent, seal: Seal): Promise<Rejection | null> {
    const { seq, hash } = event;
    if (seal === 'unsigned') return { seq, reason: 'bad-signature' };
    const reject = async (reason: Rejection['reason'], detail: string): Promise<Rejection> => {
      await flag(trx, workstationId, seq, reason, detail);
      return { seq, reason };
    };
    if (seal === 'bad-hash') {
      // The signature covers the hash only, so one signed hash can be replayed with any
      // number of bodies by whoever saw it: it is evidence once, so it is flagged once.
      await flag(trx, workstationId, seq, 'bad-hash', `signed hash ${hash} does not match the event content`, true);
      return { seq, reason: 'bad-hash' };
    }

    const existing = await storedHash(trx, workstationId, seq);
    if (existing !== undefined) {
      return existing.hash === hash ? null : reject('conflict', 'a different event is already stored at this seq');
    }
    // The workstation signed a head here before: any other event at this seq is rewritten history.
    const anchored = await anchors.anchoredHash(trx, workstationId, seq);
    if (anchored !== undefined && anchored !== hash) {
      await flag(trx, workstationId, seq, 'anchor-conflict', `delivered event ${hash} differs from the anchored head ${anchored}`, true);
      return { seq, reason: 'anchor-conflict' };
    }
    const previous = seq === 1 ? { hash: GENESIS_HASH } : await storedHash(trx, workstationId, seq - 1);
    if (previous !== undefined && previous.hash !== event.prevHash) return reject('broken-link', 'prevHash does not match the stored previous event');
    const following = await storedHash(trx, workstationId, seq + 1);
    if (following !== undefined && following.prev_hash !== hash) return reject('broken-link', 'the stored next event does not link to this event');

    if (previous === undefined) {
      const top = await trx.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('max')).where('workstation_id', '=', workstationId).executeTakeFirst();
      const highest = Number(top?.max ?? 0);
      // Flag only a newly revealed hole; filling part of a known hole adds no new flag.
      if (seq > highest + 1) await flag(trx, workstationId, seq, 'gap', `missing ${highest + 1}..${seq - 1}`);
    }
    await trx
      .insertInto('audit_events')
      .values({ workstation_id: workstationId, seq, hash, prev_hash: event.prevHash, body: JSON.stringify(event), received_at: now() })
      .execute();
    return null;
  }

  /** Advances the contiguous head and lists the holes above it. */
  async function headAndGaps(trx: Transaction<Database>, workstationId: string, head: number): Promise<{ headSeq: number; gaps: AuditBatchResponse['gaps'] }> {
    const above = await trx.selectFrom('audit_events').select('seq').where('workstation_id', '=', workstationId).where('seq', '>', head).orderBy('seq').execute();
    let headSeq = head;
    let expected = head + 1;
    const gaps: AuditBatchResponse['gaps'] = [];
    for (const { seq } of above) {
      if (seq === expected && gaps.length === 0) headSeq = seq;
      else if (seq > expected && gaps.length < MAX_GAPS_REPORTED) gaps.push({ fromSeq: expected, toSeq: seq - 1 });
      expected = seq + 1;
    }
    return { headSeq, gaps };
  }

  return {
    /**
     * Throws bad_request when the events name more than one workstation (our desktop never
     * mixes them), forbidden when the batch's workstation is not enrolled.
     */
    async ingest(events: readonly AuditEvent[]): Promise<AuditBatchResponse> {
      const workstationId = events[0]?.workstationId ?? '';
      if (events.some((e) => e.workstationId !== workstationId)) throw new ApiFailure('bad_request', 'all events of a batch must name the same workstation');
      const workstation = await db.selectFrom('workstations').select(['public_key', 'head_seq']).where('id', '=', workstationId).executeTakeFirst();
      if (workstation === undefined) throw new ApiFailure('forbidden', 'workstation is not enrolled');
      const publicKey = createPublicKey({ key: Buffer.from(workstation.public_key, 'base64'), format: 'der', type: 'spki' });
      // Verified before the write transaction opens, so signature checks never hold it.
      const ordered = [...events].sort((a, b) => a.seq - b.seq).map((event) => ({ event, seal: sealOf(publicKey, event) }));

      return db.transaction().execute(async (trx) => {
        const acknowledged = new Set<number>();
        const rejected: Rejection[] = [];
        for (const { event, seal } of ordered) {
          const rejection = await ingestOne(trx, workstationId, event, seal);
          if (rejection === null) acknowledged.add(event.seq);
          else rejected.push(rejection);
        }
        const { headSeq, gaps } = await headAndGaps(trx, workstationId, workstation.head_seq);
        if (headSeq !== workstation.head_seq) await trx.updateTable('workstations').set({ head_seq: headSeq }).where('id', '=', workstationId).execute();
        await anchors.delivered(trx, workstationId, headSeq);
        return { acknowledged: [...acknowledged].sort((a, b) => a - b), headSeq, gaps, rejected };
      });
    },

    /**
     * The auditors' view of one workstation, or null when it is not enrolled. Flags come a
     * page at a time, newest page first, oldest first within the page; `nextBefore` fetches
     * the page before (null: none left).
     */
    async status(workstationId: string, page: FlagPage = {}): Promise<AuditWorkstationStatus | null> {
      const workstation = await db.selectFrom('workstations').select('head_seq').where('id', '=', workstationId).executeTakeFirst();
      if (workstation === undefined) return null;
      // Lazily, so an overdue delivery shows up the moment an auditor looks (no timer runs).
      await db.transaction().execute((trx) => anchors.evaluateDelivery(trx, workstationId, workstation.head_seq));
      const anchor = await anchors.highest(workstationId);
      const limit = Math.min(Math.max(1, page.limit ?? DEFAULT_FLAG_PAGE), MAX_FLAG_PAGE);
      let query = db.selectFrom('audit_flags').selectAll().where('workstation_id', '=', workstationId);
      if (page.before !== undefined) query = query.where('n', '<', page.before);
      const newestFirst = await query.orderBy('n', 'desc').limit(limit + 1).execute();
      const rows = newestFirst.slice(0, limit).reverse();
      const nextBefore = newestFirst.length > limit ? (rows[0]?.n ?? null) : null;
      const flags: AuditFlag[] = rows.map((r) => ({ seq: r.seq, reason: AuditFlagReason.catch('conflict').parse(r.reason), detail: r.detail, at: isoTime(r.at) }));
      return {
        workstationId,
        headSeq: workstation.head_seq,
        anchoredSeq: anchor?.seq ?? 0,
        anchoredAt: anchor === null ? null : isoTime(anchor.receivedAt),
        flags,
        nextBefore,
      };
    },
  };
}

export type AuditIngest = ReturnType<typeof createAuditIngest>;
