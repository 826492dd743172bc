/**
 * The renderer's own address and the origin arithmetic every guard shares. Done by hand
 * because WHATWG URL gives non-special schemes such as `app:` an opaque "null" origin,
 * while Chromium (where `app` is registered as a standard scheme) reports `app://desk`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const WEB_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

/** Serialized origin of `rawUrl`, or "null" for opaque, malformed or local (file:, data:) URLs. */
export function originOf(rawUrl: string): string {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'null';
  }
  if (WEB_SCHEMES.has(url.protocol)) return url.origin;
  if (url.protocol === `${APP_SCHEME}:` && url.host !== '' && url.username === '' && url.password === '') {
    return `${APP_SCHEME}://${url.host}`;
  }
  return 'null';
}

/** True only for URLs whose origin is exactly `app://desk`. */
export function isAppUrl(rawUrl: string): boolean {
  return originOf(rawUrl) === APP_ORIGIN;
}

const MAX_REPORTED_URL = 256;

/**
 * The part of a URL that is safe to put in an audit record: scheme, host and path. Query,
 * fragment and userinfo are dropped because that is where tokens and customer data travel.
 */
export function redactUrl(rawUrl: string): string {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return '<malformed-url>';
  }
  const hierarchical = WEB_SCHEMES.has(url.protocol) || url.protocol === `${APP_SCHEME}:` || url.protocol === 'file:';
  // Opaque schemes (data:, blob:, javascript:) carry their payload in the "path": report the scheme only.
  if (!hierarchical) return url.protocol;
  const origin = `${url.protocol}//${url.host}`;
  const path = url.pathname;
  return `${origin}${path}`.slice(0, MAX_REPORTED_URL);
}
