import { createPublicKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EnrollWorkstationResponse } from '../../contract/api.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';

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

/**
 * Trust on first use: the first key enrolled for a workstation id is kept; the same key
 * again is fine (a reinstall that kept its key), a different key is a conflict an admin
 * must resolve, because it may be someone impersonating the workstation.
 */
export function createEnrollment(deps: { handle: DatabaseHandle; now: Clock }) {
  const db: Kysely<Database> = deps.handle.db;
  return {
    async enroll(workstationId: string, publicKeyBase64: string, operatorId: string): Promise<{ created: boolean; body: EnrollWorkstationResponse }> {
      const publicKey = normalizeEd25519Spki(publicKeyBase64);
      const existing = await db.selectFrom('workstations').select(['public_key', 'enrolled_at']).where('id', '=', workstationId).executeTakeFirst();
      if (existing !== undefined) {
        if (existing.public_key !== publicKey) throw new ApiFailure('conflict', 'workstation is already enrolled with a different key');
        return { created: false, body: { workstationId, enrolledAt: isoTime(existing.enrolled_at) } };
      }
      const enrolledAt = deps.now();
      try {
        await db.insertInto('workstations').values({ id: workstationId, public_key: publicKey, enrolled_at: enrolledAt, enrolled_by: operatorId, head_seq: 0 }).execute();
      } catch (error) {
        // Lost a race with a concurrent enrollment of the same id: decide again on what won.
        if (deps.handle.isUniqueViolation(error)) return this.enroll(workstationId, publicKeyBase64, operatorId);
        throw error;
      }
      return { created: true, body: { workstationId, enrolledAt: isoTime(enrolledAt) } };
    },
  };
}

export type Enrollment = ReturnType<typeof createEnrollment>;
