import type { FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../contract/api.ts';
import { sourceOf } from '../auth/source-rate-limit.ts';
import { ApiFailure } from '../errors.ts';
import type { AppContext, HttpsApp } from './context.ts';

/** The routes where credentials or proofs are tried; everything else is not limited here. */
const LIMITED_ROUTES = new Set(['challenge', 'login', 'console-login', 'refresh', 'reauthenticate'].map((name) => `${API_PREFIX}/auth/${name}`));
/** A challenge is not refunded when issued: only the proven request that spends it repays it. */
const CHALLENGE_ROUTE = `${API_PREFIX}/auth/challenge`;

/** Requests whose workstation proof verified (so they spent a challenge); set by the proof check. */
const proven = new WeakSet<FastifyRequest>();
export function noteProofVerified(request: FastifyRequest): void {
  proven.add(request);
}

/**
 * Per-source rate limit on the auth routes (`rate_limited` 429 with Retry-After). A token is
 * taken before the handler runs, so a parallel burst is cut as tightly as a sequential one,
 * and handed back when the answer is a success: what a source gets refused — wrong
 * passwords, missing or forged proofs, unknown workstations — is what it spends. It is the
 * only thing an unproven caller counts towards (lockout needs a proven workstation).
 * Challenges are the exception: issuing one is a success anyone who knows a workstation id
 * can have, and each new one evicts that workstation's oldest unused nonce. So a challenge
 * keeps its token until a login, refresh or unlock whose proof verified succeeds, which
 * repays both; challenges nobody uses cost the source that asked for them.
 * The source is the TCP peer address (an IPv6 one by its /64, `sourceOf`): behind a reverse
 * proxy, every caller is the proxy.
 */
export function installAuthRateLimit(app: HttpsApp, ctx: AppContext): void {
  const charged = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (request) => {
    if (!LIMITED_ROUTES.has(request.routeOptions.url ?? '')) return;
    const taken = ctx.authRateLimit.take(sourceOf(request.ip));
    if (!taken.ok) throw new ApiFailure('rate_limited', 'too many refused sign-in requests from this address; try again later', taken.retryAfterSeconds);
    charged.add(request);
  });

  // onSend, not onResponse: the token is back before the caller can read the answer and send again.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!charged.delete(request) || reply.statusCode < 200 || reply.statusCode >= 300 || request.routeOptions.url === CHALLENGE_ROUTE) return payload;
    ctx.authRateLimit.refund(sourceOf(request.ip));
    if (proven.has(request)) ctx.authRateLimit.refund(sourceOf(request.ip));
    return payload;
  });
}
