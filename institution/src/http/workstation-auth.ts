import type { FastifyRequest } from 'fastify';
import { WorkstationId } from '../../contract/api.ts';
import type { ServerEventType } from '../../contract/api.ts';
import { PROOF_HEADER } from '../../contract/workstation-proof.ts';
import { ApiFailure } from '../errors.ts';
import { ProofRefused, verifyWorkstationProof } from '../workstations/proof.ts';
import { noteProofVerified } from './auth-rate-limit.ts';
import type { AppContext } from './context.ts';

/** Helpers the auth routes share: the institution's own record, enrollment and proof checks. */

export function recordServerEvent(
  ctx: AppContext,
  request: FastifyRequest,
  workstationId: string | null,
  type: ServerEventType,
  operatorId: string | null,
  detail = '',
): Promise<void> {
  if (workstationId === null) return Promise.resolve();
  return ctx.serverEvents.record({ workstationId, type, operatorId, detail, source: request.ip });
}

/**
 * Checked before anything else about the caller, so the answer is the same whether the
 * operator exists or not, and a refused workstation never counts towards a lockout.
 */
export async function requireEnrolledWorkstation(ctx: AppContext, workstationId: string): Promise<void> {
  if (!(await ctx.enrollment.isEnrolled(workstationId))) {
    throw new ApiFailure('workstation_not_enrolled', 'this workstation is not enrolled with the institution');
  }
}

/**
 * The workstation proof of a login, refresh or re-authentication. A refusal is written to
 * the claimed workstation's server-side record (when it is enrolled) and rethrown: it
 * never reaches the password check, so it counts towards no lockout, only towards the
 * caller's per-source rate limit.
 */
export async function requireProof(
  ctx: AppContext,
  request: FastifyRequest,
  expected: { path: string; body: unknown; workstationId?: string },
): Promise<string> {
  try {
    const proven = await verifyWorkstationProof({ challenges: ctx.challenges, publicKeyOf: ctx.enrollment.publicKeyOf }, request.headers, expected);
    noteProofVerified(request);
    return proven;
  } catch (error) {
    if (error instanceof ProofRefused) await recordServerEvent(ctx, request, error.claimedWorkstationId, 'proof-refused', null, `${request.routeOptions.url ?? ''} ${error.code}`);
    throw error;
  }
}

/**
 * A request that must carry a proof and carries none is refused before its body is even
 * validated, so `{"operatorId":…,"password":…,"workstationId":…}` sent by anyone gets the
 * same 401 `workstation_proof_required`, whatever it names.
 */
export async function requireProofHeader(ctx: AppContext, request: FastifyRequest, path: string): Promise<void> {
  if (request.headers[PROOF_HEADER] !== undefined) return;
  const named = WorkstationId.safeParse((request.body as { workstationId?: unknown } | null | undefined)?.workstationId);
  await requireProof(ctx, request, { path, body: request.body, ...(named.success ? { workstationId: named.data } : {}) });
}

/** Runs a credential check, recording its outcome on the workstation's server-side record. */
export async function recordedCredentialCheck<T>(
  ctx: AppContext,
  request: FastifyRequest,
  record: { workstationId: string | null; operatorId: string; ok: ServerEventType; failed: ServerEventType; detail?: string },
  check: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await check();
  } catch (error) {
    if (error instanceof ApiFailure) await recordServerEvent(ctx, request, record.workstationId, record.failed, record.operatorId, error.code);
    throw error;
  }
  await recordServerEvent(ctx, request, record.workstationId, record.ok, record.operatorId, record.detail ?? '');
  return result;
}
