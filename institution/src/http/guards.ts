import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../contract/api.ts';
import type { SessionInfo } from '../auth/sessions.ts';
import { ApiFailure } from '../errors.ts';
import { findOperator, toOperator } from '../operators/operator-store.ts';
import type { OperatorRow } from '../operators/operator-store.ts';
import type { AppContext } from './context.ts';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,512})$/;

export interface Caller {
  session: SessionInfo;
  operator: OperatorRow;
}

/** The live session behind `Authorization: Bearer …`, or 401 unauthorized. */
export async function requireSession(ctx: AppContext, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  const session = match?.[1] === undefined ? null : await ctx.sessions.authenticate(match[1]);
  const operator = session === null ? undefined : await findOperator(ctx.handle.db, session.operatorId);
  if (session === null || operator === undefined) throw new ApiFailure('unauthorized', 'a valid access token is required');
  return { session, operator };
}

export async function requirePermission(ctx: AppContext, request: FastifyRequest, permission: Permission): Promise<Caller> {
  const caller = await requireSession(ctx, request);
  if (!toOperator(caller.operator).permissions.includes(permission)) {
    throw new ApiFailure('forbidden', `permission ${permission} is required`);
  }
  return caller;
}
