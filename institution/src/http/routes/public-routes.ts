import { API_PREFIX } from '../../../contract/api.ts';
import type { HealthResponse } from '../../../contract/api.ts';
import { isoTime } from '../../clock.ts';
import type { AppContext, HttpsApp } from '../context.ts';

/** Unauthenticated reads: health and the signed site profile (it is public by design: it is signed). */
export function registerPublicRoutes(app: HttpsApp, ctx: AppContext): void {
  app.get(`${API_PREFIX}/health`, async (): Promise<HealthResponse> => {
    const { identity } = await ctx.settings.read();
    return { status: 'ok', institutionId: identity.id, time: isoTime(ctx.now()) };
  });

  app.get(`${API_PREFIX}/site-profile`, async () => ctx.profile.current());
}
