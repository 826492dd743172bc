import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { appRequestPath } from './app-url-path.ts';
import { mimeTypeFor } from './mime-types.ts';
import { APP_SCHEME } from './origin.ts';

/**
 * `app://desk/*` → files of the built renderer (dist/renderer), nothing else.
 *
 * The CSP travels as a response header on every response, errors included, so there is
 * no document of ours without it; a `<meta>` tag would only apply after the parser met it,
 * and a webRequest `onHeadersReceived` hook would be a second source of truth.
 */
export interface AppProtocolOptions {
  /** The built renderer directory. */
  rootDir: string;
  /** From core `contentSecurityPolicy({ connectSrc })`. */
  contentSecurityPolicy: string;
}

export interface AppRequest {
  url: string;
  method: string;
}

export type AppRequestHandler = (request: AppRequest) => Promise<Response>;

export interface ProtocolPort {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export function securityHeaders(contentSecurityPolicy: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    // Nothing of ours is cached on disk (the partition is in-memory anyway).
    'Cache-Control': 'no-store',
  };
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };

function isInside(root: string, candidate: string): boolean {
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export function createAppRequestHandler(options: AppProtocolOptions): AppRequestHandler {
  const headers = securityHeaders(options.contentSecurityPolicy);
  let realRoot: Promise<string> | undefined;
  // Memoized, but a failure (renderer not built yet) is retried on the next request.
  const rootReal = () =>
    (realRoot ??= realpath(options.rootDir).catch((error: unknown) => {
      realRoot = undefined;
      throw error;
    }));

  const refuse = (status: 403 | 404 | 405 | 500): Response =>
    new Response(STATUS_TEXT[status] ?? 'Error', {
      status,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
    });

  async function serve(request: AppRequest): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const decision = appRequestPath(request.url);
    if (!decision.ok) return refuse(decision.status);

    const root = await rootReal();
    const candidate = path.resolve(root, ...decision.segments);
    if (!isInside(root, candidate)) return refuse(403);
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      return refuse(404);
    }
    // A symlink inside the bundle must not lead outside it.
    if (!isInside(root, real)) return refuse(403);
    const info = await stat(real);
    if (!info.isFile()) return refuse(404);
    const contentType = mimeTypeFor(real);
    if (contentType === undefined) return refuse(404);

    const body = request.method === 'HEAD' ? null : await readFile(real);
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': contentType, 'Content-Length': String(info.size) },
    });
  }

  return async (request) => {
    try {
      return await serve(request);
    } catch {
      // No path or error text in the response: it would only help someone probing.
      return refuse(500);
    }
  };
}

/** Registers the handler on a session's protocol object (the desk partition's, not the default one). */
export function registerAppProtocol(protocol: ProtocolPort, options: AppProtocolOptions): AppRequestHandler {
  const handler = createAppRequestHandler(options);
  protocol.handle(APP_SCHEME, (request) => handler({ url: request.url, method: request.method }));
  return handler;
}
