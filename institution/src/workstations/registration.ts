import { createHash, randomBytes } from 'node:crypto';
import { WorkstationId } from '../../contract/api.ts';
import type { RegisterWorkstationResponse } from '../../contract/api.ts';
import { base32Encode } from '../auth/totp.ts';
import { isoTime, systemClock } from '../clock.ts';
import type { Clock } from '../clock.ts';
import { databasePath } from '../data-dir.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { openDatabase } from '../db/open-database.ts';
import { ApiFailure } from '../errors.ts';

/** How long a registration's enrollment code can be used: long enough to install a workstation over a weekend. */
export const ENROLLMENT_CODE_TTL_MS = 72 * 60 * 60 * 1000;

/** 128 random bits, RFC 4648 base32 without padding: 26 characters an IT person can copy. */
export function newEnrollmentCode(): string {
  return base32Encode(randomBytes(16));
}

/**
 * Codes are stored and looked up only by this hash, so a copy of the database cannot
 * enroll anything. A plain sha256 is enough: the code has 128 bits of entropy, so there is
 * nothing to brute-force that a slow hash would protect.
 */
export function hashEnrollmentCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/**
 * IT's side of provisioning: a workstation id is registered before the workstation is
 * installed, and gets a one-time code that the workstation presents with its key at
 * enrollment (enrollment.ts). Registering an id again before it enrolled replaces its code
 * (the old one stops working); an enrolled id is a conflict, since its key is already trusted.
 */
export function createWorkstationRegistry(deps: { handle: DatabaseHandle; now: Clock; codeTtlMs?: number }) {
  const { db } = deps.handle;
  const ttl = deps.codeTtlMs ?? ENROLLMENT_CODE_TTL_MS;
  return {
    /** `registeredBy`: the admin operator, or null for the CLI. Throws conflict when already enrolled. */
    async register(workstationId: string, registeredBy: string | null): Promise<RegisterWorkstationResponse> {
      const enrollmentCode = newEnrollmentCode();
      const registeredAt = deps.now();
      const expiresAt = registeredAt + ttl;
      const row = { code_hash: hashEnrollmentCode(enrollmentCode), code_expires_at: expiresAt, registered_at: registeredAt, registered_by: registeredBy, used_at: null };
      // One transaction: an enrollment cannot slip in between the check and the new code.
      await db.transaction().execute(async (trx) => {
        const enrolled = await trx.selectFrom('workstations').select('id').where('id', '=', workstationId).executeTakeFirst();
        if (enrolled !== undefined) throw new ApiFailure('conflict', 'this workstation is already enrolled');
        await trx
          .insertInto('workstation_registrations')
          .values({ workstation_id: workstationId, ...row })
          .onConflict((oc) => oc.column('workstation_id').doUpdateSet(row))
          .execute();
      });
      return { workstationId, enrollmentCode, expiresAt: isoTime(expiresAt) };
    },
  };
}

export type WorkstationRegistry = ReturnType<typeof createWorkstationRegistry>;

export interface RegisterWorkstationOptions {
  /** The institution's data directory (its SQLite file). */
  dataDir: string;
  workstationId: string;
  now?: Clock;
  /** The admin operator doing it, when known; null/omitted for IT tooling (CLI, scripts). */
  registeredBy?: string | null;
  codeTtlMs?: number;
}

/**
 * Registers a workstation straight in the data directory's database (works while `serve`
 * runs: WAL). Used by the CLI's `register-workstation`, tests, the e2e lab and `npm start`.
 * Throws ApiFailure bad_request for a malformed id, conflict when the id is already enrolled.
 */
export async function registerWorkstation(options: RegisterWorkstationOptions): Promise<RegisterWorkstationResponse> {
  const id = WorkstationId.safeParse(options.workstationId);
  if (!id.success) throw new ApiFailure('bad_request', 'the workstation id must match [A-Za-z0-9._-]{1,64}');
  const handle = await openDatabase(databasePath(options.dataDir));
  try {
    const registry = createWorkstationRegistry({ handle, now: options.now ?? systemClock, ...(options.codeTtlMs === undefined ? {} : { codeTtlMs: options.codeTtlMs }) });
    return await registry.register(id.data, options.registeredBy ?? null);
  } finally {
    await handle.close();
  }
}
