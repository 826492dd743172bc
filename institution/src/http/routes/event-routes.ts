import { API_PREFIX } from '../../../contract/api.ts';
import { sourceOf } from '../../auth/source-rate-limit.ts';
import { ApiFailure } from '../../errors.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession } from '../guards.ts';
import { accessOf, attachLiveStream } from '../live-stream.ts';

const LAST_EVENT_ID = /^[\x21-\x7e]{1,64}$/;

/**
 * `GET /events`: the operator's Server-Sent Events stream (policy updates, session
 * revocation). Streams are long-lived sockets, so they are capped: per session (the hub
 * closes the oldest with a `stream-closed` event) and per source address (refused up front
 * with `rate_limited`, before anything is held open).
 */
export function registerEventRoutes(app: HttpsApp, ctx: AppContext): void {
  app.get(`${API_PREFIX}/events`, async (request, reply) => {
    const caller = await requireSession(ctx, request);
    const { session } = caller;
    const policy = await ctx.settings.policy();
    // No await from this check to the hub's attach, so parallel opens cannot slip past the cap.
    const source = sourceOf(request.ip);
    if (ctx.hub.streamsFrom(source) >= ctx.maxStreamsPerSource) {
      throw new ApiFailure('rate_limited', 'too many open event streams from this address', 30);
    }
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
      { sessionId: session.sessionId, operatorId: session.operatorId, source, access: accessOf(caller) },
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
