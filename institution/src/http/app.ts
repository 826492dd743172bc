import Fastify from 'fastify';
import type { AppContext, HttpsApp } from './context.ts';
import { installAuthRateLimit } from './auth-rate-limit.ts';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './error-handling.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerCallerRoutes } from './routes/caller-routes.ts';
import { registerConsoleRoutes } from './routes/console-routes.ts';
import { registerEventRoutes } from './routes/event-routes.ts';
import { registerKbRoutes } from './routes/kb-routes.ts';
import { registerPhoneRoutes } from './routes/phone-routes.ts';
import { registerPublicRoutes } from './routes/public-routes.ts';
import { registerStaffActionRoutes } from './routes/staff-action-routes.ts';
import { registerTicketRoutes } from './routes/ticket-routes.ts';
import { registerWorkstationRoutes } from './routes/workstation-routes.ts';
import { registerUpdateRoutes } from './routes/update-routes.ts';

export interface AppOptions {
  https: { key: string; cert: string };
  bodyLimitBytes: number;
  /** Off by default; when on, the authorization header is redacted. */
  logger: boolean;
  /** Called for every registered route (tests compare them with openapi.yaml). */
  onRoute?: (method: string, url: string) => void;
}

/** The Fastify app: HTTPS, JSON bodies only, ApiError for every failure, all routes. */
export function buildApp(ctx: AppContext, options: AppOptions): HttpsApp {
  const app: HttpsApp = Fastify({
    https: options.https,
    bodyLimit: options.bodyLimitBytes,
    logger: options.logger ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    forceCloseConnections: true,
    requestTimeout: 30_000,
    return503OnClosing: false,
    // No implicit HEAD twins: the API surface is exactly what openapi.yaml lists.
    exposeHeadRoutes: false,
    // Update artifacts are addressed by their sha512 (128 hex characters; the default allows 100).
    routerOptions: { maxParamLength: 160 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  // JSON is the only body type; text/plain would otherwise reach handlers as a string.
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('cache-control', 'no-store');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
  if (options.onRoute !== undefined) {
    const onRoute = options.onRoute;
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute(method, route.url);
    });
  }

  installErrorHandling(app);
  installAuthRateLimit(app, ctx);
  registerPublicRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerConsoleRoutes(app, ctx);
  registerWorkstationRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerPhoneRoutes(app, ctx);
  registerCallerRoutes(app, ctx);
  registerKbRoutes(app, ctx);
  registerStaffActionRoutes(app, ctx);
  registerUpdateRoutes(app, ctx);
  registerTicketRoutes(app, ctx);
  return app;
}
