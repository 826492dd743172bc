import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { findOperator } from '../operators/operator-store.ts';
import type { OperatorRow } from '../operators/operator-store.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import type { ScryptParams } from './password.ts';
import { verifyTotp } from './totp.ts';

export interface LockoutConfig {
  /** Consecutive failures (bad password or bad TOTP code) that lock the account. */
  maxFailures: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT: LockoutConfig = { maxFailures: 5, lockMinutes: 15 };

export interface CredentialCheckerDeps {
  db: Kysely<Database>;
  now: Clock;
  lockout: LockoutConfig;
  scrypt: ScryptParams;
}

export interface CredentialInput {
  operatorId: string;
  password: string;
  /** The second factor; checked only when `checkTotp` and the operator has TOTP on. */
  totp?: string | undefined;
  checkTotp: boolean;
}

const INVALID = 'operator id or password is wrong';

/**
 * Verifies an operator's password (and TOTP code on login), applying lockout.
 * Order: lock → password → disabled → TOTP, so a locked account is never probed and a
 * disabled state is only revealed to someone who knows the password.
 */
export function createCredentialChecker(deps: CredentialCheckerDeps) {
  const { db, now, lockout } = deps;

  function lockedFailure(lockedUntil: number): ApiFailure {
    const seconds = Math.max(1, Math.ceil((lockedUntil - now()) / 1000));
    return new ApiFailure('account_locked', 'too many failed attempts; the account is locked for a while', seconds);
  }

  /** Counts one failure; returns the failure to throw (locked when the threshold is reached). */
  async function recordFailure(operatorId: string, fallback: ApiFailure): Promise<ApiFailure> {
    return db.transaction().execute(async (trx) => {
      await trx
        .updateTable('operators')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('id', '=', operatorId)
        .execute();
      const row = await trx.selectFrom('operators').select('failed_attempts').where('id', '=', operatorId).executeTakeFirstOrThrow();
      if (row.failed_attempts < lockout.maxFailures) return fallback;
      const lockedUntil = now() + lockout.lockMinutes * 60_000;
      await trx.updateTable('operators').set({ failed_attempts: 0, locked_until: lockedUntil }).where('id', '=', operatorId).execute();
      return lockedFailure(lockedUntil);
    });
  }

  async function clearFailures(row: OperatorRow): Promise<void> {
    if (row.failed_attempts !== 0 || row.locked_until !== null) {
      await db.updateTable('operators').set({ failed_attempts: 0, locked_until: null }).where('id', '=', row.id).execute();
    }
  }

  return {
    /** Returns the operator row on success; throws ApiFailure otherwise. */
    async check(input: CredentialInput): Promise<OperatorRow> {
      const row = await findOperator(db, input.operatorId);
      if (row === undefined) {
        await burnPasswordCheck(deps.scrypt);
        throw new ApiFailure('invalid_credentials', INVALID);
      }
      if (row.locked_until !== null) {
        if (row.locked_until > now()) throw lockedFailure(row.locked_until);
        // The window has passed: start counting afresh.
        await clearFailures(row);
        row.failed_attempts = 0;
        row.locked_until = null;
      }
      if (!(await verifyPassword(input.password, row.password_hash))) {
        throw await recordFailure(row.id, new ApiFailure('invalid_credentials', INVALID));
      }
      if (row.disabled !== 0) throw new ApiFailure('account_disabled', 'this operator account is disabled');
      if (input.checkTotp && row.totp_secret !== null) {
        if (input.totp === undefined) throw new ApiFailure('totp_required', 'a one-time code is required');
        const step = verifyTotp(row.totp_secret, input.totp, now(), row.totp_last_step);
        if (step === null) {
          throw await recordFailure(row.id, new ApiFailure('totp_invalid', 'the one-time code is wrong or already used'));
        }
        await db.updateTable('operators').set({ totp_last_step: step }).where('id', '=', row.id).execute();
      }
      await clearFailures(row);
      return row;
    },
  };
}

export type CredentialChecker = ReturnType<typeof createCredentialChecker>;
