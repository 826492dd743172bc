import { API_PREFIX, AuditBatchRequest, EnrollWorkstationRequest } from '../../../contract/api.ts';
import type { AuditBatchResponse } from '../../../contract/api.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { parseBody } from '../validate.ts';

/**
 * Workstation enrollment (authorized by the one-time code IT got at registration, not by
 * an operator's session) and audit delivery (authenticated by the workstation's signatures).
 */
export function registerWorkstationRoutes(app: HttpsApp, ctx: AppContext): void {
  app.post(`${API_PREFIX}/workstations/enroll`, async (request, reply) => {
    const body = parseBody(EnrollWorkstationRequest, request.body);
    const result = await ctx.enrollment.enroll(body);
    return reply.code(result.created ? 201 : 200).send(result.body);
  });

  // No bearer on purpose: a desktop delivers queued audit after logout too; each event is signed.
  app.post(`${API_PREFIX}/audit/events`, async (request): Promise<AuditBatchResponse> => {
    const body = parseBody(AuditBatchRequest, request.body);
    return ctx.audit.ingest(body.events);
  });
}
