import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { OperatorRow } from '../operators/operator-store.ts';

export interface LockoutConfig {
  /** Consecutive failures (bad password or bad TOTP code) that lock the account. */
  maxFailures: number;
  lockMinutes: number;
}

export type ReserveResult =
  /** `row.failed_attempts` is this attempt's number; `row.locked_until` is set when it started the lock. */
  | { kind: 'reserved'; row: OperatorRow }
  | { kind: 'locked'; lockedUntil: number }
  | { kind: 'unknown' };

/**
 * Lockout bookkeeping that holds under concurrency. Every attempt is counted as a failure
 * BEFORE its password is checked, in one atomic UPDATE that also refuses locked accounts,
 * so a burst of parallel guesses gets at most `maxFailures` password checks: the attempt
 * that reaches the threshold sets the lock, and no later attempt gets a reservation.
 * Outcomes that are not failures then hand their reservation back (compare-and-set on
 * the counter, so they never erase failures reserved by attempts that came after them).
 */
export function createAttemptReservations(deps: { db: Kysely<Database>; now: Clock; lockout: LockoutConfig }) {
  const { db, now, lockout } = deps;

  return {
    async reserve(operatorId: string): Promise<ReserveResult> {
      const t = now();
      const until = t + lockout.lockMinutes * 60_000;
      // SET expressions read the row as it was before the update (SQLite and PostgreSQL alike).
      const expired = sql<boolean>`(locked_until IS NOT NULL AND locked_until <= ${t})`;
      const attempt = sql<number>`CASE WHEN ${expired} THEN 1 ELSE failed_attempts + 1 END`;
      const row = await db
        .updateTable('operators')
        .set({
          failed_attempts: attempt,
          locked_until: sql<number | null>`CASE WHEN ${attempt} >= ${lockout.maxFailures} THEN ${until} WHEN ${expired} THEN NULL ELSE locked_until END`,
        })
        .where('id', '=', operatorId)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', t)]))
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) return { kind: 'reserved', row };
      const existing = await db.selectFrom('operators').select('locked_until').where('id', '=', operatorId).executeTakeFirst();
      if (existing === undefined) return { kind: 'unknown' };
      // Locked (or unlocked a moment ago by a success: still refuse this attempt, briefly).
      return { kind: 'locked', lockedUntil: existing.locked_until ?? t + 1000 };
    },

    /**
     * A successful login: the run of failures is over. Only when no attempt reserved after
     * this one (the counter still shows our number); otherwise their failures — and the lock
     * they may have set — stand, which errs on the safe side by at most this one attempt.
     */
    async succeed(operatorId: string, attempt: number): Promise<void> {
      await db
        .updateTable('operators')
        .set({ failed_attempts: 0, locked_until: null })
        .where('id', '=', operatorId)
        .where('failed_attempts', '=', attempt)
        .execute();
    },

    /**
     * Hands the reservation back for an outcome that is not a failure (right password, but
     * a TOTP code is still needed, or the account is disabled). Same compare-and-set rule as
     * `succeed`. While the counter still shows our number, any lock was set by us.
     */
    async release(operatorId: string, attempt: number): Promise<void> {
      await db
        .updateTable('operators')
        .set({ failed_attempts: attempt - 1, locked_until: null })
        .where('id', '=', operatorId)
        .where('failed_attempts', '=', attempt)
        .execute();
    },
  };
}

export type AttemptReservations = ReturnType<typeof createAttemptReservations>;
