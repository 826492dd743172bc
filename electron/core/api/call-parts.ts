import { ApiFailure } from './failure.ts';
import type { Route } from './routes.ts';

/**
 * What one institution call is (client.ts runs it over the base URLs and retry rounds) and
 * the checks made before anything is sent: where it goes — base URLs https only, no
 * userinfo, query or fragment; path placeholders URI-encoded — and whether its token can be
 * one we were issued.
 */

/** Printable ASCII without spaces: anything else cannot be a token we issued, and could smuggle headers. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,4096}$/;

export interface Call {
  route: Route;
  /** The route's path with its placeholders filled and its query, when it has either (pathOf). */
  path?: string;
  token?: string;
  body?: unknown;
  /** A non-JSON body sent as is with its own content type (an article image); never together with `body`. */
  raw?: { contentType: string; bytes: Buffer };
  /** Request-specific headers (the workstation proof). */
  headers?: Record<string, string>;
}

/**
 * A route's path with `{name}` placeholders filled (each value URI-encoded) and a query
 * string from the defined values of `query`: ids and the user's search text never change
 * which route is called.
 */
export function pathOf(route: Route, params: Record<string, string | number> = {}, query: Record<string, string | number | undefined> = {}): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`institution client: ${route.path} needs ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const qs = search.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

export function normalizeBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError('institution client: base URL is not a URL');
  }
  if (url.protocol !== 'https:') throw new TypeError('institution client: base URLs must be https');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError('institution client: base URLs take no userinfo, query or fragment');
  }
  return url;
}

export function checkToken(token: string): void {
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) {
    // A malformed token can only mean there is no usable session.
    throw new ApiFailure('http', 'token is not well-formed; request not sent', { status: 401, code: 'unauthorized', mayHaveReachedServer: false });
  }
}
