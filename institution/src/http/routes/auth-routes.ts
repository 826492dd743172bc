import { API_PREFIX, LoginRequest, ReauthenticateRequest, RefreshRequest } from '../../../contract/api.ts';
import type { LoginResponse, MeResponse, TokenPair } from '../../../contract/api.ts';
import { ApiFailure } from '../../errors.ts';
import { toOperator } from '../../operators/operator-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession } from '../guards.ts';
import { parseBody } from '../validate.ts';

/**
 * Operators sign in only from workstations the institution enrolled. Checked before the
 * credentials, so the answer is the same whether the operator exists or not, and a
 * refused workstation never counts a failed attempt towards anyone's lockout.
 */
async function requireEnrolledWorkstation(ctx: AppContext, workstationId: string): Promise<void> {
  if (!(await ctx.enrollment.isEnrolled(workstationId))) {
    throw new ApiFailure('workstation_not_enrolled', 'this workstation is not enrolled with the institution');
  }
}

/** Login, token refresh, logout, re-authentication (idle unlock) and `me`. */
export function registerAuthRoutes(app: HttpsApp, ctx: AppContext): void {
  app.post(`${API_PREFIX}/auth/login`, async (request): Promise<LoginResponse> => {
    const body = parseBody(LoginRequest, request.body);
    await requireEnrolledWorkstation(ctx, body.workstationId);
    const row = await ctx.credentials.check({ operatorId: body.operatorId, password: body.password, totp: body.totp, checkTotp: true });
    const { tokens } = await ctx.sessions.issue(row.id, body.workstationId);
    return { ...tokens, operator: toOperator(row) };
  });

  app.post(`${API_PREFIX}/auth/refresh`, async (request): Promise<TokenPair> => {
    const body = parseBody(RefreshRequest, request.body);
    const refreshed = await ctx.sessions.refresh(body.refreshToken);
    if (refreshed.kind === 'rotated') return refreshed.tokens;
    if (refreshed.kind === 'reused') {
      // The contract's push reasons have no "reuse"; to the desktop it is a remote logout.
      ctx.hub.revokeSessions(refreshed.session.operatorId, [refreshed.session.sessionId], 'logged-out-remotely');
    }
    throw new ApiFailure('unauthorized', 'the refresh token is invalid, expired or already used');
  });

  app.post(`${API_PREFIX}/auth/logout`, async (request, reply) => {
    const { session } = await requireSession(ctx, request);
    await ctx.sessions.revoke(session.sessionId, 'logout');
    ctx.hub.revokeSessions(session.operatorId, [session.sessionId], 'logged-out-remotely');
    return reply.code(204).send();
  });

  app.post(`${API_PREFIX}/auth/reauthenticate`, async (request, reply) => {
    const { session } = await requireSession(ctx, request);
    const body = parseBody(ReauthenticateRequest, request.body);
    await requireEnrolledWorkstation(ctx, session.workstationId);
    await ctx.credentials.check({ operatorId: session.operatorId, password: body.password, checkTotp: false });
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/me`, async (request): Promise<MeResponse> => {
    const { operator } = await requireSession(ctx, request);
    return { operator: toOperator(operator), policy: await ctx.settings.policy() };
  });
}
