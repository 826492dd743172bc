import { API_PREFIX } from '../../../contract/api.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession } from '../guards.ts';
import { attachLiveStream } from '../live-stream.ts';

const LAST_EVENT_ID = /^[\x21-\x7e]{1,64}$/;

/** `GET /events`: the operator's Server-Sent Events stream (policy updates, session revocation). */
export function registerEventRoutes(app: HttpsApp, ctx: AppContext): void {
  app.get(`${API_PREFIX}/events`, async (request, reply) => {
    const { session } = await requireSession(ctx, request);
    const policy = await ctx.settings.policy();
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && LAST_EVENT_ID.test(header) ? header : undefined;

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    await attachLiveStream(
      ctx,
      { sessionId: session.sessionId, operatorId: session.operatorId },
      {
        sink: {
          write: (chunk) => {
            if (!raw.destroyed && !raw.writableEnded) raw.write(chunk);
          },
          end: () => {
            if (!raw.writableEnded) raw.end();
          },
        },
        onClose: (listener) => raw.on('close', listener),
      },
      lastEventId,
      { type: 'policy', policy },
    );
    return reply;
  });
}
