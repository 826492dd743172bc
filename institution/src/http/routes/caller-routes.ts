import { API_PREFIX, CallerLookupRequest } from '../../../contract/api.ts';
import type { CallerLookupResponse } from '../../../contract/api.ts';
import { createSourceRateLimiter, type SourceRateLimitConfig } from '../../auth/source-rate-limit.ts';
import { ApiFailure } from '../../errors.ts';
import { createCallerDirectory } from '../../phone/caller-directory.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession, sessionPermissions } from '../guards.ts';
import { parseBody } from '../validate.ts';
import { recordServerEvent } from '../workstation-auth.ts';

/**
 * Per operator: a screen pop per call is a handful a minute; walking the directory number
 * by number is thousands. 30 in a burst, then one every two seconds.
 */
export const CALLER_LOOKUP_LIMIT: SourceRateLimitConfig = { burst: 30, refillPerMinute: 30, maxSources: 10_000 };

/**
 * The screen pop: `POST /phone/callers/lookup` answers the customer behind a caller's
 * number with every sensitive field masked here, on the server. Only an operator at a
 * workstation with `calls.handle` may ask (a console session has no calls to take); each
 * lookup spends one of the operator's budget and is recorded (masked number, found or not).
 */
export function registerCallerRoutes(app: HttpsApp, ctx: AppContext, limit: SourceRateLimitConfig = CALLER_LOOKUP_LIMIT): void {
  const directory = createCallerDirectory({ db: ctx.handle.db });
  const budget = createSourceRateLimiter(limit, ctx.now);

  app.post(`${API_PREFIX}/phone/callers/lookup`, async (request): Promise<CallerLookupResponse> => {
    const caller = await requireSession(ctx, request);
    const workstationId = caller.session.workstationId;
    if (workstationId === null) throw new ApiFailure('forbidden', 'the screen pop works from a workstation session only');
    if (!sessionPermissions(caller).includes('calls.handle')) throw new ApiFailure('forbidden', 'permission calls.handle is required');
    // Charged before the body is looked at: malformed lookups cost the same as real ones.
    const taken = budget.take(caller.operator.id);
    if (!taken.ok) throw new ApiFailure('rate_limited', 'too many caller lookups; try again later', taken.retryAfterSeconds);
    const { number } = parseBody(CallerLookupRequest, request.body);
    const answer = await directory.lookUp(number);
    await recordServerEvent(ctx, request, workstationId, 'caller-looked-up', caller.operator.id, `${answer.maskedNumber} ${answer.customer === null ? 'unknown' : 'found'}`);
    return answer;
  });
}
