import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EnrollWorkstationRequest, EnrollWorkstationResponse } from '../../contract/api.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { hashEnrollmentCode } from './registration.ts';

/** Parses an Ed25519 SPKI (DER, base64) and returns its canonical base64, or throws bad_request. */
export function normalizeEd25519Spki(base64: string): string {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'ed25519') return key.export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    // fall through to the typed error
  }
  throw new ApiFailure('bad_request', 'publicKey must be an Ed25519 public key (SPKI DER, base64)');
}

export interface EnrollOutcome {
  created: boolean;
  body: EnrollWorkstationResponse;
}

/** One answer for every reason, so a caller learns nothing about which ids are registered. */
const REFUSED = 'enrollment refused: the code is wrong, expired or already used, or the workstation is not registered';

/**
 * Enrollment of a workstation's Ed25519 audit key with the one-time code IT got when it
 * registered the workstation (registration.ts). No session is involved: the code is the
 * authorization, so no operator can enroll a workstation id with a key of their own.
 *
 * The code is spent by one conditional UPDATE (unused, unexpired, matching hash) in the
 * same transaction as the insert of the key, so of two concurrent enrollments exactly one
 * wins. The same id and key again are accepted without a code (a retry whose answer was
 * lost); another key for an enrolled id is a conflict an admin must look at.
 */
export function createEnrollment(deps: { handle: DatabaseHandle; now: Clock }) {
  const db: Kysely<Database> = deps.handle.db;

  async function enrolledKey(workstationId: string): Promise<{ public_key: string; enrolled_at: number } | undefined> {
    return db.selectFrom('workstations').select(['public_key', 'enrolled_at']).where('id', '=', workstationId).executeTakeFirst();
  }

  function alreadyEnrolled(workstationId: string, publicKey: string, row: { public_key: string; enrolled_at: number }): EnrollOutcome {
    if (row.public_key !== publicKey) throw new ApiFailure('conflict', 'workstation is already enrolled with a different key');
    return { created: false, body: { workstationId, enrolledAt: isoTime(row.enrolled_at) } };
  }

  /** Spends the code and stores the key, atomically; false when the code could not be spent. */
  async function spendCodeAndStore(workstationId: string, publicKey: string, code: string, enrolledAt: number): Promise<boolean> {
    try {
      return await db.transaction().execute(async (trx) => {
        const spent = await trx
          .updateTable('workstation_registrations')
          .set({ used_at: enrolledAt })
          .where('workstation_id', '=', workstationId)
          .where('code_hash', '=', hashEnrollmentCode(code))
          .where('used_at', 'is', null)
          .where('code_expires_at', '>', enrolledAt)
          .returning('workstation_id')
          .executeTakeFirst();
        if (spent === undefined) return false;
        await trx.insertInto('workstations').values({ id: workstationId, public_key: publicKey, enrolled_at: enrolledAt, enrolled_by: null, head_seq: 0 }).execute();
        return true;
      });
    } catch (error) {
      // The id got a key some other way meanwhile; the rollback left the code unspent.
      if (deps.handle.isUniqueViolation(error)) return false;
      throw error;
    }
  }

  return {
    async isEnrolled(workstationId: string): Promise<boolean> {
      return (await enrolledKey(workstationId)) !== undefined;
    },

    /** The enrolled Ed25519 key that workstation proofs and audit heads must verify with; null when not enrolled. */
    async publicKeyOf(workstationId: string): Promise<KeyObject | null> {
      const row = await enrolledKey(workstationId);
      return row === undefined ? null : createPublicKey({ key: Buffer.from(row.public_key, 'base64'), format: 'der', type: 'spki' });
    },

    /** 201 created / 200 same key again; throws forbidden, conflict or bad_request. */
    async enroll(request: EnrollWorkstationRequest): Promise<EnrollOutcome> {
      const { workstationId } = request;
      const publicKey = normalizeEd25519Spki(request.publicKey);
      const existing = await enrolledKey(workstationId);
      if (existing !== undefined) return alreadyEnrolled(workstationId, publicKey, existing);
      if (request.enrollmentCode === undefined) throw new ApiFailure('forbidden', REFUSED);

      const enrolledAt = deps.now();
      if (await spendCodeAndStore(workstationId, publicKey, request.enrollmentCode, enrolledAt)) {
        return { created: true, body: { workstationId, enrolledAt: isoTime(enrolledAt) } };
      }
      // Lost to a concurrent enrollment with the same code, or the code was never good.
      const winner = await enrolledKey(workstationId);
      if (winner !== undefined) return alreadyEnrolled(workstationId, publicKey, winner);
      throw new ApiFailure('forbidden', REFUSED);
    },
  };
}

export type Enrollment = ReturnType<typeof createEnrollment>;
