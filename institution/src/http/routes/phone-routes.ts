import { z } from 'zod';
import { API_PREFIX, AgentStateReport } from '../../../contract/api.ts';
import type { AgentStatesResponse, Permission, PhoneCodes, SipCredentialsResponse } from '../../../contract/api.ts';
import { ApiFailure } from '../../errors.ts';
import { createMandatoryGate } from '../../kb/mandatory-gate.ts';
import { parseRoles } from '../../operators/operator-store.ts';
import { publishAgentState } from '../../phone/readiness-sink.ts';
import { mintSipCredentials } from '../../phone/sip-credentials.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { registerCallRecordRoutes } from './call-record-routes.ts';
import { requireSession, sessionPermissions, type Caller } from '../guards.ts';
import { parseBody } from '../validate.ts';
import { recordServerEvent } from '../workstation-auth.ts';

/** The credential request has no body; `{}` is tolerated, anything else is a client bug. */
const NoBody = z.union([z.undefined(), z.null(), z.object({}).strict()]);

/**
 * The operator's phone at a workstation: its work (calls) happens at a workstation, so a
 * console session, which has none, is refused even if its account could take calls.
 */
export async function requireWorkstationPermission(ctx: AppContext, request: Parameters<typeof requireSession>[1], permission: Permission): Promise<Caller & { workstationId: string }> {
  const caller = await requireSession(ctx, request);
  const workstationId = caller.session.workstationId;
  if (workstationId === null) throw new ApiFailure('forbidden', 'the phone works from a workstation session only');
  if (!sessionPermissions(caller).includes(permission)) throw new ApiFailure('forbidden', `permission ${permission} is required`);
  return { ...caller, workstationId };
}

/** SIP credential issuance, agent-state reports, the code lists, and the supervisors' view of the states. */
export function registerPhoneRoutes(app: HttpsApp, ctx: AppContext): void {
  const mandatoryGate = createMandatoryGate({ db: ctx.handle.db, now: ctx.now });
  app.post(`${API_PREFIX}/phone/credentials`, async (request): Promise<SipCredentialsResponse> => {
    const caller = await requireWorkstationPermission(ctx, request, 'calls.handle');
    parseBody(NoBody, request.body);
    if (ctx.sip === null) throw new ApiFailure('not_found', 'this institution has no SIP service configured');
    const credentials = mintSipCredentials(ctx.sip, caller.operator.id, ctx.now());
    // The institution's own record: who got credentials from where, until when — never the password.
    await recordServerEvent(ctx, request, caller.workstationId, 'sip-credentials-issued', caller.operator.id, `expires ${credentials.expiresAt / 1000}`);
    return credentials;
  });

  app.put(`${API_PREFIX}/phone/state`, async (request, reply) => {
    const caller = await requireWorkstationPermission(ctx, request, 'calls.handle');
    const report = parseBody(AgentStateReport, request.body);
    if (report.reasonCode !== null && !(await ctx.phone.isNotReadyReason(report.reasonCode))) {
      throw new ApiFailure('bad_request', 'reasonCode is not one of the institution’s not-ready reasons');
    }
    // The Ready gate: mandatory reads first (the desk refuses earlier; this holds for every client).
    if (report.state === 'ready' && (await mandatoryGate.pendingCount(caller.operator.id, parseRoles(caller.operator.roles), sessionPermissions(caller))) > 0) {
      throw new ApiFailure('kb_mandatory_pending', 'mandatory knowledge-base articles must be acknowledged before going ready');
    }
    const since = await ctx.phone.report(caller.operator.id, caller.workstationId, report);
    // Fire and forget: the SBC's queue learns who may be rung; an unreachable SBC is retried, never blocks the report.
    publishAgentState(ctx.readiness, caller.operator.id, report.state, since);
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/phone/codes`, async (request): Promise<PhoneCodes> => {
    await requireWorkstationPermission(ctx, request, 'calls.handle');
    return ctx.phone.codes();
  });

  // Supervisors watch their floor; administrators (console) see it too.
  app.get(`${API_PREFIX}/admin/phone/states`, async (request): Promise<AgentStatesResponse> => {
    const caller = await requireSession(ctx, request);
    const granted = sessionPermissions(caller);
    if (!granted.includes('supervision.monitor') && !granted.includes('operators.manage')) {
      throw new ApiFailure('forbidden', 'permission supervision.monitor or operators.manage is required');
    }
    return { states: await ctx.phone.currentStates() };
  });

  registerCallRecordRoutes(app, ctx);
}
