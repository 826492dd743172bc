import { API_PREFIX, AnchorRequest, AuditBatchRequest, EnrollWorkstationRequest } from '../../../contract/api.ts';
import type { AnchorResponse, AuditBatchResponse } from '../../../contract/api.ts';
import { anchorSignedHead } from '../../audit/anchors.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { parseBody } from '../validate.ts';

/**
 * Workstation enrollment (authorized by the one-time code IT got at registration, not by
 * an operator's session), audit delivery and audit-head anchoring (both authenticated by
 * the workstation's signatures).
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

  // The heartbeat: the signed head of the workstation's chain, with or without a session,
  // so history cannot be rewritten unseen while nobody is signed in either.
  app.post(`${API_PREFIX}/workstations/anchor`, async (request): Promise<AnchorResponse> => {
    const { signature, ...head } = parseBody(AnchorRequest, request.body);
    return anchorSignedHead({ db: ctx.handle.db, anchors: ctx.anchors, publicKeyOf: ctx.enrollment.publicKeyOf }, head, signature);
  });
}
