import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../contract/api.ts';
import { AUDIT_HEAD_HEADER, parseAuditHeadHeader } from '../../contract/workstation-proof.ts';
import { anchorSignedHead } from '../audit/anchors.ts';
import { consolePermissions } from '../auth/permissions.ts';
import type { SessionInfo } from '../auth/sessions.ts';
import { ApiFailure } from '../errors.ts';
import { findOperator, parseRoles, toOperator } from '../operators/operator-store.ts';
import type { OperatorRow } from '../operators/operator-store.ts';
import type { AppContext } from './context.ts';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,512})$/;

export interface Caller {
  session: SessionInfo;
  operator: OperatorRow;
}

/**
 * Anchors the `X-Audit-Head` a workstation session sends with its call. The head is
 * signed by the workstation key, so the bearer token alone cannot forge one; a header that
 * is malformed or does not verify refuses the call (400 / 401), so a broken desktop is
 * noticed instead of silently anchoring nothing. Console sessions have no chain: ignored.
 */
async function anchorHeadHeader(ctx: AppContext, request: FastifyRequest, workstationId: string | null): Promise<void> {
  const raw = request.headers[AUDIT_HEAD_HEADER];
  if (raw === undefined || workstationId === null) return;
  const head = parseAuditHeadHeader(raw);
  if (head === null) throw new ApiFailure('bad_request', 'X-Audit-Head is malformed (seq.hash.at.signature)');
  await anchorSignedHead({ db: ctx.handle.db, anchors: ctx.anchors, publicKeyOf: ctx.enrollment.publicKeyOf }, { workstationId, seq: head.seq, hash: head.hash, at: head.at }, head.signature);
}

/** The live session behind `Authorization: Bearer …`, or 401 unauthorized. */
export async function requireSession(ctx: AppContext, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  const session = match?.[1] === undefined ? null : await ctx.sessions.authenticate(match[1]);
  const operator = session === null ? undefined : await findOperator(ctx.handle.db, session.operatorId);
  if (session === null || operator === undefined) throw new ApiFailure('unauthorized', 'a valid access token is required');
  await anchorHeadHeader(ctx, request, session.workstationId);
  return { session, operator };
}

/** The permissions a session grants: a console session never carries a workstation role's. */
export function sessionPermissions(caller: Caller): Permission[] {
  return caller.session.workstationId === null ? consolePermissions(parseRoles(caller.operator.roles)) : toOperator(caller.operator).permissions;
}

export async function requirePermission(ctx: AppContext, request: FastifyRequest, permission: Permission): Promise<Caller> {
  const caller = await requireSession(ctx, request);
  if (!sessionPermissions(caller).includes(permission)) {
    throw new ApiFailure('forbidden', `permission ${permission} is required`);
  }
  return caller;
}
