import { z } from 'zod';
import {
  API_PREFIX,
  CreateOperatorRequest,
  OperatorId,
  RegisterWorkstationRequest,
  UpdateOperatorRequest,
  UpdatePolicyRequest,
  WorkstationId,
} from '../../../contract/api.ts';
import type { AuditWorkstationStatus, Operator, ServerEventPage } from '../../../contract/api.ts';
import type { Policy } from '../../../contract/site-profile.ts';
import { MAX_FLAG_PAGE } from '../../audit/audit-ingest.ts';
import { hashPassword } from '../../auth/password.ts';
import { ApiFailure } from '../../errors.ts';
import { findOperator, insertOperator, setOperatorDisabled, toOperator } from '../../operators/operator-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requirePermission } from '../guards.ts';
import { parseBody } from '../validate.ts';

const PositiveInteger = z.string().regex(/^[1-9][0-9]{0,9}$/, 'a positive integer').transform(Number);

/** `?limit=&before=` of the audit view (query values arrive as strings). */
const FlagPageQuery = z
  .object({
    limit: PositiveInteger.pipe(z.number().max(MAX_FLAG_PAGE)).optional(),
    before: PositiveInteger.optional(),
  })
  .strict();

function idParam(params: unknown, schema: typeof OperatorId | typeof WorkstationId): string {
  const id = (params as { id?: unknown } | null)?.id;
  const parsed = schema.safeParse(id);
  if (!parsed.success) throw new ApiFailure('bad_request', 'the id in the path is malformed');
  return parsed.data;
}

/** Institution-side administration: operators, workstation provisioning, policy, the audit view. */
export function registerAdminRoutes(app: HttpsApp, ctx: AppContext): void {
  app.post(`${API_PREFIX}/admin/operators`, async (request, reply) => {
    await requirePermission(ctx, request, 'operators.manage');
    const body = parseBody(CreateOperatorRequest, request.body);
    if ((await findOperator(ctx.handle.db, body.id)) !== undefined) throw new ApiFailure('conflict', 'an operator with this id exists');
    const passwordHash = await hashPassword(body.password, ctx.scrypt);
    try {
      const row = await insertOperator(ctx.handle.db, { ...body, passwordHash, totpSecret: null }, ctx.now());
      return reply.code(201).send(toOperator(row));
    } catch (error) {
      if (ctx.handle.isUniqueViolation(error)) throw new ApiFailure('conflict', 'an operator with this id exists');
      throw error;
    }
  });

  app.patch(`${API_PREFIX}/admin/operators/:id`, async (request): Promise<Operator> => {
    await requirePermission(ctx, request, 'operators.manage');
    const id = idParam(request.params, OperatorId);
    const body = parseBody(UpdateOperatorRequest, request.body);
    if ((await findOperator(ctx.handle.db, id)) === undefined) throw new ApiFailure('not_found', 'no such operator');
    await setOperatorDisabled(ctx.handle.db, id, body.disabled);
    if (body.disabled) {
      const revoked = await ctx.sessions.revokeAllForOperator(id, 'operator-disabled');
      ctx.hub.revokeSessions(id, revoked, 'operator-disabled');
    }
    const row = await findOperator(ctx.handle.db, id);
    if (row === undefined) throw new ApiFailure('not_found', 'no such operator');
    return toOperator(row);
  });

  // IT provisions a workstation: the answer carries its one-time enrollment code, shown only here.
  app.post(`${API_PREFIX}/admin/workstations`, async (request, reply) => {
    const { operator } = await requirePermission(ctx, request, 'operators.manage');
    const body = parseBody(RegisterWorkstationRequest, request.body);
    return reply.code(201).send(await ctx.registry.register(body.workstationId, operator.id));
  });

  app.put(`${API_PREFIX}/admin/policy`, async (request): Promise<Policy> => {
    await requirePermission(ctx, request, 'policy.manage');
    const body = parseBody(UpdatePolicyRequest, request.body);
    const policy: Policy = { ...(await ctx.settings.policy()), ...body };
    await ctx.settings.setPolicy(policy);
    ctx.hub.broadcast({ type: 'policy', policy });
    return policy;
  });

  app.get(`${API_PREFIX}/admin/audit/workstations/:id`, async (request): Promise<AuditWorkstationStatus> => {
    await requirePermission(ctx, request, 'audit.read');
    const id = idParam(request.params, WorkstationId);
    const status = await ctx.audit.status(id, parseBody(FlagPageQuery, request.query ?? {}));
    if (status === null) throw new ApiFailure('not_found', 'no such workstation');
    return status;
  });

  // What the institution itself saw of the workstation, to lay next to the workstation's chain.
  app.get(`${API_PREFIX}/admin/audit/workstations/:id/server-events`, async (request): Promise<ServerEventPage> => {
    await requirePermission(ctx, request, 'audit.read');
    const id = idParam(request.params, WorkstationId);
    const page = await ctx.serverEvents.page(id, parseBody(FlagPageQuery, request.query ?? {}));
    if (page === null) throw new ApiFailure('not_found', 'no such workstation');
    return page;
  });
}
