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

type Rejection = AuditBatchResponse['rejected'][number];
const MAX_GAPS_REPORTED = 100;

function signatureValid(publicKey: KeyObject, event: AuditEvent): boolean {
  try {
    return verify(null, Buffer.from(event.hash, 'utf8'), publicKey, Buffer.from(event.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Verifies and stores a workstation's audit chain. Each event must hash to its `hash`,
 * carry the enrolled key's signature of that hash, and link to its stored neighbours;
 * anything else is refused and flagged for the institution's auditors. Missing events
 * are stored around (so nothing is lost) and reported as gaps until they arrive.
 */
export function createAuditIngest(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;

  async function flag(trx: Transaction<Database>, workstationId: string, seq: number, reason: AuditFlagReason, detail: string): Promise<void> {
    const last = await trx.selectFrom('audit_flags').select((eb) => eb.fn.max('n').as('n')).where('workstation_id', '=', workstationId).executeTakeFirst();
    const n = Number(last?.n ?? 0) + 1;
    await trx.insertInto('audit_flags').values({ workstation_id: workstationId, n, seq, reason, detail, at: now() }).execute();
  }

  async function storedHash(trx: Transaction<Database>, workstationId: string, seq: number): Promise<{ hash: string; prev_hash: string } | undefined> {
    return trx
      .selectFrom('audit_events')
      .select(['hash', 'prev_hash'])
      .where('workstation_id', '=', workstationId)
      .where('seq', '=', seq)
      .executeTakeFirst();
  }

  /** Checks one event against the stored chain; returns a rejection, or null when it was acknowledged. */
  async function ingestOne(trx: Transaction<Database>, workstationId: string, publicKey: KeyObject, event: AuditEvent): Promise<Rejection | null> {
    const { seq } = event;
    const reject = async (reason: Rejection['reason'], detail: string): Promise<Rejection> => {
      await flag(trx, workstationId, seq, reason, detail);
      return { seq, reason };
    };
    if (event.workstationId !== workstationId) return reject('wrong-workstation', 'event names another workstation than its batch');
    const { hash, signature: _signature, ...body } = event;
    if (auditEventHash(body) !== hash) return reject('bad-hash', 'hash does not match the event content');
    if (!signatureValid(publicKey, event)) return reject('bad-signature', 'signature does not verify with the enrolled key');

    const existing = await storedHash(trx, workstationId, seq);
    if (existing !== undefined) {
      return existing.hash === hash ? null : reject('conflict', 'a different event is already stored at this seq');
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
    /** Throws forbidden when the batch's workstation is not enrolled. */
    async ingest(events: readonly AuditEvent[]): Promise<AuditBatchResponse> {
      const workstationId = events[0]?.workstationId ?? '';
      const workstation = await db.selectFrom('workstations').select(['public_key', 'head_seq']).where('id', '=', workstationId).executeTakeFirst();
      if (workstation === undefined) throw new ApiFailure('forbidden', 'workstation is not enrolled');
      const publicKey = createPublicKey({ key: Buffer.from(workstation.public_key, 'base64'), format: 'der', type: 'spki' });
      const ordered = [...events].sort((a, b) => a.seq - b.seq);

      return db.transaction().execute(async (trx) => {
        const acknowledged = new Set<number>();
        const rejected: Rejection[] = [];
        for (const event of ordered) {
          const rejection = await ingestOne(trx, workstationId, publicKey, event);
          if (rejection === null) acknowledged.add(event.seq);
          else rejected.push(rejection);
        }
        const { headSeq, gaps } = await headAndGaps(trx, workstationId, workstation.head_seq);
        if (headSeq !== workstation.head_seq) await trx.updateTable('workstations').set({ head_seq: headSeq }).where('id', '=', workstationId).execute();
        return { acknowledged: [...acknowledged].sort((a, b) => a - b), headSeq, gaps, rejected };
      });
    },

    /** The auditors' view of one workstation, or null when it is not enrolled. */
    async status(workstationId: string): Promise<AuditWorkstationStatus | null> {
      const workstation = await db.selectFrom('workstations').select('head_seq').where('id', '=', workstationId).executeTakeFirst();
      if (workstation === undefined) return null;
      const rows = await db.selectFrom('audit_flags').selectAll().where('workstation_id', '=', workstationId).orderBy('n').execute();
      const flags: AuditFlag[] = rows.map((r) => ({ seq: r.seq, reason: AuditFlagReason.catch('conflict').parse(r.reason), detail: r.detail, at: isoTime(r.at) }));
      return { workstationId, headSeq: workstation.head_seq, flags };
    },
  };
}

export type AuditIngest = ReturnType<typeof createAuditIngest>;
