import { API_PREFIX, AuditBatchRequest, EnrollWorkstationRequest } from '../../../contract/api.ts';
import type { AuditBatchResponse } from '../../../contract/api.ts';
import { ApiFailure } from '../../errors.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession } from '../guards.ts';
import { parseBody } from '../validate.ts';

/** Workstation enrollment (bearer) and audit delivery (authenticated by the workstation's signatures). */
export function registerWorkstationRoutes(app: HttpsApp, ctx: AppContext): void {
  app.post(`${API_PREFIX}/workstations/enroll`, async (request, reply) => {
    const { session } = await requireSession(ctx, request);
    const body = parseBody(EnrollWorkstationRequest, request.body);
    // A session may only enroll the workstation it logged in from.
    if (body.workstationId !== session.workstationId) {
      throw new ApiFailure('forbidden', 'a session can only enroll the workstation it logged in from');
    }
    const result = await ctx.enrollment.enroll(body.workstationId, body.publicKey, session.operatorId);
    return reply.code(result.created ? 201 : 200).send(result.body);
  });

  // No bearer on purpose: a desktop delivers queued audit after logout too; each event is signed.
  app.post(`${API_PREFIX}/audit/events`, async (request): Promise<AuditBatchResponse> => {
    const body = parseBody(AuditBatchRequest, request.body);
    return ctx.audit.ingest(body.events);
  });
}
