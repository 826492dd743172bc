import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TokenPair } from '../../contract/api.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { hashToken, newOpaqueToken } from './tokens.ts';

export interface TokenTtl {
  accessSeconds: number;
  refreshSeconds: number;
}

export const DEFAULT_TOKEN_TTL: TokenTtl = { accessSeconds: 900, refreshSeconds: 8 * 3600 };

export interface SessionInfo {
  sessionId: string;
  operatorId: string;
  /** The workstation whose key proved the login; null for a console session (institution staff). */
  workstationId: string | null;
}

/** Console sessions are stored with this workstation id: never a valid WorkstationId (1..64 characters). */
const CONSOLE = '';
const workstationOf = (stored: string): string | null => (stored === CONSOLE ? null : stored);

const sessionInfo = (row: { id: string; operator_id: string; workstation_id: string }): SessionInfo => ({
  sessionId: row.id,
  operatorId: row.operator_id,
  workstationId: workstationOf(row.workstation_id),
});

export type RevokeReason = 'logout' | 'operator-disabled' | 'refresh-reuse';

export type RefreshOutcome =
  | { kind: 'rotated'; session: SessionInfo; tokens: TokenPair }
  /** Unknown, expired or revoked token, or the operator is disabled. */
  | { kind: 'refused' }
  /** A replaced refresh token came back: its session has just been revoked. */
  | { kind: 'reused'; session: SessionInfo }
  /** The token belongs to a session of another workstation (or of the console): nothing changed. */
  | { kind: 'wrong-workstation'; session: SessionInfo }
  /** The session's workstation runs a site profile below the institution's minimum now: nothing changed. */
  | { kind: 'profile-outdated'; session: SessionInfo };

export interface RefreshCaller {
  /** The workstation the caller proved; null for a caller without proof (only console sessions). */
  workstationId: string | null;
  /** The institution's current minimum profile serial. */
  minProfileSerial: number;
}

/** Sessions keyed by sha256 of their opaque tokens; tokens themselves exist only in responses. */
export function createSessionStore(deps: { db: Kysely<Database>; now: Clock; ttl: TokenTtl }) {
  const { db, now, ttl } = deps;

  function newPair(): { tokens: TokenPair; accessHash: string; refreshHash: string; accessExpiresAt: number; refreshExpiresAt: number } {
    const accessToken = newOpaqueToken();
    const refreshToken = newOpaqueToken();
    const t = now();
    return {
      tokens: { accessToken, refreshToken, expiresIn: ttl.accessSeconds },
      accessHash: hashToken(accessToken),
      refreshHash: hashToken(refreshToken),
      accessExpiresAt: t + ttl.accessSeconds * 1000,
      refreshExpiresAt: t + ttl.refreshSeconds * 1000,
    };
  }

  return {
    /** `workstationId` null: a console session. `profileSerial`: what the workstation ran at login. */
    async issue(operatorId: string, workstationId: string | null, profileSerial: number | null = null): Promise<{ session: SessionInfo; tokens: TokenPair }> {
      const pair = newPair();
      const sessionId = randomUUID();
      // Sessions whose refresh token expired a day ago can never be used again.
      await db.deleteFrom('sessions').where('refresh_expires_at', '<', now() - 86_400_000).execute();
      await db
        .insertInto('sessions')
        .values({
          id: sessionId,
          operator_id: operatorId,
          workstation_id: workstationId ?? CONSOLE,
          profile_serial: profileSerial,
          access_hash: pair.accessHash,
          access_expires_at: pair.accessExpiresAt,
          refresh_hash: pair.refreshHash,
          refresh_expires_at: pair.refreshExpiresAt,
          created_at: now(),
          revoked: 0,
          revoked_reason: null,
        })
        .execute();
      return { session: { sessionId, operatorId, workstationId }, tokens: pair.tokens };
    },

    /** The live session for an access token, or null (unknown, expired, revoked, operator disabled). */
    async authenticate(accessToken: string): Promise<SessionInfo | null> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('operators', 'operators.id', 'sessions.operator_id')
        .select(['sessions.id', 'sessions.operator_id', 'sessions.workstation_id'])
        .where('sessions.access_hash', '=', hashToken(accessToken))
        .where('sessions.revoked', '=', 0)
        .where('sessions.access_expires_at', '>', now())
        .where('operators.disabled', '=', 0)
        .executeTakeFirst();
      return row === undefined ? null : sessionInfo(row);
    },

    /**
     * Rotates both tokens of the session holding `refreshToken`; the old pair stops working.
     * The replaced refresh token is remembered: presenting it again means two parties hold
     * the session's tokens (one of them copied it), so the whole session is revoked
     * (OAuth 2.0 Security BCP, refresh token rotation). `reused` then names that session so
     * its push streams can be closed too.
     */
    async refresh(refreshToken: string, caller: RefreshCaller): Promise<RefreshOutcome> {
      const presented = hashToken(refreshToken);
      // A session is bound to the workstation that proved its login: whoever else presents
      // its tokens (another workstation, or nobody's proof) changes nothing, not even by reuse.
      const boundTo = caller.workstationId ?? CONSOLE;
      return db.transaction().execute(async (trx): Promise<RefreshOutcome> => {
        const row = await trx
          .selectFrom('sessions')
          .innerJoin('operators', 'operators.id', 'sessions.operator_id')
          .select(['sessions.id', 'sessions.operator_id', 'sessions.workstation_id', 'sessions.profile_serial'])
          .where('sessions.refresh_hash', '=', presented)
          .where('sessions.revoked', '=', 0)
          .where('sessions.refresh_expires_at', '>', now())
          .where('operators.disabled', '=', 0)
          .executeTakeFirst();
        if (row === undefined) {
          const reused = await trx
            .selectFrom('sessions')
            .select(['id', 'operator_id', 'workstation_id'])
            .where('refresh_prev_hash', '=', presented)
            .where('revoked', '=', 0)
            .executeTakeFirst();
          if (reused === undefined) return { kind: 'refused' };
          if (reused.workstation_id !== boundTo) return { kind: 'wrong-workstation', session: sessionInfo(reused) };
          await trx.updateTable('sessions').set({ revoked: 1, revoked_reason: 'refresh-reuse', revoked_at: now() }).where('id', '=', reused.id).execute();
          return { kind: 'reused', session: sessionInfo(reused) };
        }
        if (row.workstation_id !== boundTo) return { kind: 'wrong-workstation', session: sessionInfo(row) };
        if (row.profile_serial !== null && row.profile_serial < caller.minProfileSerial) return { kind: 'profile-outdated', session: sessionInfo(row) };
        const pair = newPair();
        await trx
          .updateTable('sessions')
          .set({
            access_hash: pair.accessHash,
            access_expires_at: pair.accessExpiresAt,
            refresh_hash: pair.refreshHash,
            refresh_expires_at: pair.refreshExpiresAt,
            refresh_prev_hash: presented,
          })
          .where('id', '=', row.id)
          .execute();
        return { kind: 'rotated', session: sessionInfo(row), tokens: pair.tokens };
      });
    },

    /** True while the session is neither revoked nor its operator disabled (access expiry aside). */
    async isLive(sessionId: string): Promise<boolean> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('operators', 'operators.id', 'sessions.operator_id')
        .select('sessions.id')
        .where('sessions.id', '=', sessionId)
        .where('sessions.revoked', '=', 0)
        .where('operators.disabled', '=', 0)
        .executeTakeFirst();
      return row !== undefined;
    },

    async revoke(sessionId: string, reason: RevokeReason): Promise<void> {
      await db.updateTable('sessions').set({ revoked: 1, revoked_reason: reason, revoked_at: now() }).where('id', '=', sessionId).execute();
    },

    /** Revokes every live session of the operator; returns their ids (to close their push streams). */
    async revokeAllForOperator(operatorId: string, reason: RevokeReason): Promise<string[]> {
      return db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('sessions').select('id').where('operator_id', '=', operatorId).where('revoked', '=', 0).execute();
        await trx.updateTable('sessions').set({ revoked: 1, revoked_reason: reason, revoked_at: now() }).where('operator_id', '=', operatorId).where('revoked', '=', 0).execute();
        return rows.map((r) => r.id);
      });
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
