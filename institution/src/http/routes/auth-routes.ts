import { API_PREFIX, ChallengeRequest, LoginRequest, ReauthenticateRequest, RefreshRequest } from '../../../contract/api.ts';
import type { ChallengeResponse, LoginResponse, MeResponse, TokenPair } from '../../../contract/api.ts';
import { PROOF_HEADER } from '../../../contract/workstation-proof.ts';
import { ApiFailure } from '../../errors.ts';
import { toOperator } from '../../operators/operator-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession, sessionPermissions } from '../guards.ts';
import { parseBody } from '../validate.ts';
import { recordServerEvent, recordedCredentialCheck, requireEnrolledWorkstation, requireProof, requireProofHeader } from '../workstation-auth.ts';

const PATHS = {
  challenge: `${API_PREFIX}/auth/challenge`,
  login: `${API_PREFIX}/auth/login`,
  refresh: `${API_PREFIX}/auth/refresh`,
  logout: `${API_PREFIX}/auth/logout`,
  reauthenticate: `${API_PREFIX}/auth/reauthenticate`,
} as const;

function outdated(minProfileSerial: number): ApiFailure {
  return new ApiFailure('profile_outdated', `this workstation runs a site profile older than serial ${minProfileSerial}, the lowest the institution accepts`);
}

/**
 * Workstation sign-in: challenge, login, token refresh, logout, re-authentication (idle
 * unlock) and `me`. Login, refresh and re-authentication carry the workstation's proof
 * (`X-Workstation-Proof`, see contract/workstation-proof.ts), checked before the password,
 * and a session only ever works for the workstation that proved its login.
 */
export function registerAuthRoutes(app: HttpsApp, ctx: AppContext): void {
  app.post(PATHS.challenge, async (request): Promise<ChallengeResponse> => {
    const body = parseBody(ChallengeRequest, request.body);
    await requireEnrolledWorkstation(ctx, body.workstationId);
    return ctx.challenges.issue(body.workstationId);
  });

  app.post(PATHS.login, async (request): Promise<LoginResponse> => {
    // First of all: a login without any proof is refused whatever its body says.
    await requireProofHeader(ctx, request, PATHS.login);
    const body = parseBody(LoginRequest, request.body);
    await requireEnrolledWorkstation(ctx, body.workstationId);
    await requireProof(ctx, request, { path: PATHS.login, body, workstationId: body.workstationId });
    const { minProfileSerial } = await ctx.settings.read();
    if (body.profileSerial < minProfileSerial) {
      await recordServerEvent(ctx, request, body.workstationId, 'profile-outdated', body.operatorId, `runs ${body.profileSerial}, minimum ${minProfileSerial}`);
      throw outdated(minProfileSerial);
    }
    const record = { workstationId: body.workstationId, operatorId: body.operatorId, ok: 'login', failed: 'login-failed', detail: `profile ${body.profileSerial}` } as const;
    const row = await recordedCredentialCheck(ctx, request, record, () =>
      ctx.credentials.check({ operatorId: body.operatorId, password: body.password, totp: body.totp, checkTotp: true }),
    );
    const { tokens } = await ctx.sessions.issue(row.id, body.workstationId, body.profileSerial);
    return { ...tokens, operator: toOperator(row), minProfileSerial };
  });

  app.post(PATHS.refresh, async (request): Promise<TokenPair> => {
    const body = parseBody(RefreshRequest, request.body);
    // Console sessions refresh without a proof; a workstation session's refresh fails below without one.
    const proven = request.headers[PROOF_HEADER] === undefined ? null : await requireProof(ctx, request, { path: PATHS.refresh, body });
    const { minProfileSerial } = await ctx.settings.read();
    const refreshed = await ctx.sessions.refresh(body.refreshToken, { workstationId: proven, minProfileSerial });
    switch (refreshed.kind) {
      case 'rotated':
        await recordServerEvent(ctx, request, proven, 'refresh', refreshed.session.operatorId);
        return refreshed.tokens;
      case 'reused':
        // The contract's push reasons have no "reuse"; to the desktop it is a remote logout.
        ctx.hub.revokeSessions(refreshed.session.operatorId, [refreshed.session.sessionId], 'logged-out-remotely');
        await recordServerEvent(ctx, request, proven, 'refresh-refused', refreshed.session.operatorId, 'refresh-token-reuse');
        break;
      case 'wrong-workstation': {
        const code = proven === null ? 'workstation_proof_required' : 'workstation_proof_invalid';
        await recordServerEvent(ctx, request, refreshed.session.workstationId, 'refresh-refused', refreshed.session.operatorId, code);
        throw new ApiFailure(code, 'this session belongs to another workstation; refresh it with that workstation’s proof');
      }
      case 'profile-outdated':
        await recordServerEvent(ctx, request, proven, 'profile-outdated', refreshed.session.operatorId, `minimum ${minProfileSerial}`);
        throw outdated(minProfileSerial);
      case 'refused':
        break;
    }
    throw new ApiFailure('unauthorized', 'the refresh token is invalid, expired or already used');
  });

  app.post(PATHS.logout, async (request, reply) => {
    const { session } = await requireSession(ctx, request);
    await ctx.sessions.revoke(session.sessionId, 'logout');
    ctx.hub.revokeSessions(session.operatorId, [session.sessionId], 'logged-out-remotely');
    await recordServerEvent(ctx, request, session.workstationId, 'logout', session.operatorId);
    return reply.code(204).send();
  });

  app.post(PATHS.reauthenticate, async (request, reply) => {
    const { session } = await requireSession(ctx, request);
    const body = parseBody(ReauthenticateRequest, request.body);
    const { workstationId } = session;
    if (workstationId !== null) {
      await requireEnrolledWorkstation(ctx, workstationId);
      await requireProof(ctx, request, { path: PATHS.reauthenticate, body, workstationId });
    }
    const record = { workstationId, operatorId: session.operatorId, ok: 'reauthenticated', failed: 'reauthenticate-failed' } as const;
    await recordedCredentialCheck(ctx, request, record, () => ctx.credentials.check({ operatorId: session.operatorId, password: body.password, checkTotp: false }));
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/me`, async (request): Promise<MeResponse> => {
    const caller = await requireSession(ctx, request);
    return { operator: { ...toOperator(caller.operator), permissions: sessionPermissions(caller) }, policy: await ctx.settings.policy() };
  });
}
