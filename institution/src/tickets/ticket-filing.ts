import type { Kysely } from 'kysely';
import type { TicketFieldError } from '../../contract/ticket-api.ts';
import type { Database } from '../db/schema.ts';

/**
 * Attribution of a ticket delivered from a desk's outbox, possibly after its operator signed
 * out. The desk sends the session the agent filed it in (`filedInSession`, read from
 * `GET /tickets/filing-session` while signed in) and `createdAt`. The institution accepts it
 * when:
 *  - that session exists and was opened at the same workstation as the delivering session
 *    (the workstation's key proved both logins; one workstation cannot file for another);
 *  - `createdAt` lies inside the session's life: not before it was opened, not after it was
 *    revoked (`sessions.revoked_at`, migration 0014) or its refresh expiry, whichever is first
 *    (a revoked session without a recorded moment — revoked before 0014 — proves nothing);
 *  - `createdAt` is not in the future (beyond a small clock skew).
 * The ticket is then attributed to that session's operator, even if another operator now
 * delivers it. Without `filedInSession` the delivering session itself is the filing session.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface Filing {
  operatorId: string;
  sessionId: string;
}

export async function checkFiling(
  db: Kysely<Database>,
  input: { createdAt: number; filedInSession: string | undefined; deliveringSessionId: string; deliveringWorkstation: string; now: number },
): Promise<{ ok: true; filing: Filing } | { ok: false; error: TicketFieldError }> {
  if (input.createdAt > input.now + CLOCK_SKEW_MS) return { ok: false, error: { pointer: '/createdAt', code: 'created-in-future' } };
  const sessionId = input.filedInSession ?? input.deliveringSessionId;
  const session = await db
    .selectFrom('sessions')
    .select(['id', 'operator_id', 'workstation_id', 'created_at', 'revoked', 'revoked_at', 'refresh_expires_at'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  const pointer = input.filedInSession === undefined ? '/createdAt' : '/filedInSession';
  if (session === undefined || session.workstation_id !== input.deliveringWorkstation) return { ok: false, error: { pointer, code: 'filing-session-unknown' } };
  const end = session.revoked === 1 ? session.revoked_at : session.refresh_expires_at;
  // The session's opening is stamped by the server; the desk's clock may run a little behind.
  if (end === null || input.createdAt < session.created_at - CLOCK_SKEW_MS || input.createdAt > end) {
    return { ok: false, error: { pointer: '/createdAt', code: 'outside-filing-session' } };
  }
  return { ok: true, filing: { operatorId: session.operator_id, sessionId: session.id } };
}
