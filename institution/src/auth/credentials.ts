import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import type { OperatorRow } from '../operators/operator-store.ts';
import { createAttemptReservations } from './attempt-reservations.ts';
import type { LockoutConfig } from './attempt-reservations.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import type { ScryptParams } from './password.ts';
import { verifyTotp } from './totp.ts';

export type { LockoutConfig } from './attempt-reservations.ts';

export const DEFAULT_LOCKOUT: LockoutConfig = { maxFailures: 5, lockMinutes: 15 };

export interface CredentialCheckerDeps {
  db: Kysely<Database>;
  now: Clock;
  lockout: LockoutConfig;
  scrypt: ScryptParams;
  /** The password check; defaults to scrypt. Tests wrap it to count or hold checks. */
  passwordVerifier?: (password: string, storedHash: string) => Promise<boolean>;
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
 * disabled state is only revealed to someone who knows the password. Every step that
 * other requests could race (the attempt count, the TOTP step) is one atomic statement.
 */
export function createCredentialChecker(deps: CredentialCheckerDeps) {
  const { db, now } = deps;
  const attempts = createAttemptReservations(deps);
  const passwordMatches = deps.passwordVerifier ?? verifyPassword;

  function lockedFailure(lockedUntil: number): ApiFailure {
    const seconds = Math.max(1, Math.ceil((lockedUntil - now()) / 1000));
    return new ApiFailure('account_locked', 'too many failed attempts; the account is locked for a while', seconds);
  }

  /** Marks `step` used unless this or a later step already was; false = a replay (maybe a concurrent one). */
  async function consumeTotpStep(operatorId: string, step: number): Promise<boolean> {
    const result = await db
      .updateTable('operators')
      .set({ totp_last_step: step })
      .where('id', '=', operatorId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  return {
    /** Returns the operator row on success; throws ApiFailure otherwise. */
    async check(input: CredentialInput): Promise<OperatorRow> {
      const reservation = await attempts.reserve(input.operatorId);
      if (reservation.kind === 'unknown') {
        await burnPasswordCheck(deps.scrypt);
        throw new ApiFailure('invalid_credentials', INVALID);
      }
      if (reservation.kind === 'locked') throw lockedFailure(reservation.lockedUntil);
      const { row } = reservation;
      const attempt = row.failed_attempts;
      // The failure is already counted; the attempt that reached the threshold set the lock.
      const failure = (otherwise: ApiFailure): ApiFailure => (row.locked_until === null ? otherwise : lockedFailure(row.locked_until));

      if (!(await passwordMatches(input.password, row.password_hash))) throw failure(new ApiFailure('invalid_credentials', INVALID));
      if (row.disabled !== 0) {
        await attempts.release(row.id, attempt);
        throw new ApiFailure('account_disabled', 'this operator account is disabled');
      }
      if (input.checkTotp && row.totp_secret !== null) {
        if (input.totp === undefined) {
          await attempts.release(row.id, attempt);
          throw new ApiFailure('totp_required', 'a one-time code is required');
        }
        const step = verifyTotp(row.totp_secret, input.totp, now(), row.totp_last_step);
        if (step === null || !(await consumeTotpStep(row.id, step))) {
          throw failure(new ApiFailure('totp_invalid', 'the one-time code is wrong or already used'));
        }
      }
      await attempts.succeed(row.id, attempt);
      return row;
    },
  };
}

export type CredentialChecker = ReturnType<typeof createCredentialChecker>;
