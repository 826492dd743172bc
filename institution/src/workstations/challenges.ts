import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChallengeResponse } from '../../contract/api.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

export interface ChallengeConfig {
  /** How long a nonce may be used (default 60 s: a login is signed right after it is fetched). */
  ttlMs: number;
  /**
   * Unused nonces kept per workstation; the oldest goes first. Bounds what anyone who knows
   * a workstation id can make the institution store, while leaving room for a burst of
   * parallel sign-ins (the concurrency tests send 20).
   */
  maxOutstanding: number;
}

export const DEFAULT_CHALLENGES: ChallengeConfig = { ttlMs: 60_000, maxOutstanding: 64 };

/** Nonces are stored by hash only: a copy of the database holds nothing anyone could sign for. */
function hashNonce(nonce: string): string {
  return createHash('sha256').update(nonce, 'utf8').digest('hex');
}

/**
 * Single-use, short-lived, workstation-bound challenges for the workstation proof. A nonce
 * is spent by one DELETE that also checks workstation and expiry, so of two requests
 * carrying the same proof exactly one gets through, even when they arrive together.
 */
export function createChallengeStore(deps: { db: Kysely<Database>; now: Clock; config: ChallengeConfig }) {
  const { db, now, config } = deps;
  return {
    async issue(workstationId: string): Promise<ChallengeResponse> {
      const nonce = randomBytes(16).toString('base64url');
      const issuedAt = now();
      const expiresAt = issuedAt + config.ttlMs;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('workstation_challenges').where('expires_at', '<=', issuedAt).execute();
        const keep = await trx
          .selectFrom('workstation_challenges')
          .select('nonce_hash')
          .where('workstation_id', '=', workstationId)
          .orderBy('issued_at', 'desc')
          .orderBy('nonce_hash')
          .limit(config.maxOutstanding - 1)
          .execute();
        const keptHashes = keep.map((row) => row.nonce_hash);
        let stale = trx.deleteFrom('workstation_challenges').where('workstation_id', '=', workstationId);
        if (keptHashes.length > 0) stale = stale.where('nonce_hash', 'not in', keptHashes);
        await stale.execute();
        await trx.insertInto('workstation_challenges').values({ nonce_hash: hashNonce(nonce), workstation_id: workstationId, issued_at: issuedAt, expires_at: expiresAt }).execute();
      });
      return { nonce, expiresAt: isoTime(expiresAt) };
    },

    /** Spends the nonce; false when it is unknown, already spent, expired or issued to another workstation. */
    async consume(workstationId: string, nonce: string): Promise<boolean> {
      const result = await db
        .deleteFrom('workstation_challenges')
        .where('nonce_hash', '=', hashNonce(nonce))
        .where('workstation_id', '=', workstationId)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type ChallengeStore = ReturnType<typeof createChallengeStore>;
