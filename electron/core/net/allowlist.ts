import type { SiteProfile } from '../../../institution/contract/site-profile.ts';

/**
 * The network allowlist: the only origins a workstation may reach, derived from the signed
 * site profile. Main's webRequest filter, navigation guards and window-open handler all
 * ask `decide()`; anything denied is cancelled and audited with `reason`.
 *
 * Policy, decided once here so every caller agrees:
 * - A URL is allowed only if its origin (scheme + host + port, WHATWG-normalized) is exactly
 *   one of: profile.api.baseUrls (https), profile.sip.wss[].url (wss), profile.updateUrl
 *   (https), the app origin (app://desk) and the explicit devOrigins. TURN is not listed:
 *   ICE traffic never passes through URL loading, it is bounded by the profile's TURN list.
 * - The host must be written in its canonical ASCII form: an alias that normalizes to a
 *   listed host (fullwidth dots, percent-encoding, Unicode/IDN, decimal/octal/hex IPv4,
 *   uncompressed IPv6) is refused, because only a spoof needs to write a host that way.
 * - `blob:` is allowed only for blobs the app itself minted (`blob:app://desk/<uuid>`):
 *   the CSP allows `media-src blob:` for ringtone/recording playback. Main must still refuse
 *   top-level *navigation* to blob: URLs; the allowlist only answers "may this be fetched".
 * - `about:` is refused entirely, `about:blank` included: no window of ours ever needs it,
 *   and webRequest never sees it anyway.
 * - Raw backslashes, whitespace, control and bidi characters, an empty userinfo (`https://@h`),
 *   a missing `//` and URLs longer than MAX_URL_LENGTH are refused before any normalization
 *   can hide them. Paths with encoded separators (%2f, %5c), NUL or double encoding (%25)
 *   are refused: they exist only to trick path-based routers and the app:// file handler.
 */
export type AllowDenyReason = 'malformed' | 'scheme' | 'host' | 'port' | 'userinfo' | 'ip-literal' | 'path';
export type AllowDecision = { allow: true } | { allow: false; reason: AllowDenyReason };

export interface Allowlist {
  decide(rawUrl: string): AllowDecision;
  /** The allowed origins, serialized (`https://api.bank.com:8443`), in a stable order. */
  readonly origins: readonly string[];
}

export interface AllowlistOptions {
  /** The renderer's own origin, `app://desk`. */
  appOrigin: string;
  /** Development only (Vite dev server): extra origins, e.g. `http://localhost:5173`. */
  devOrigins?: string[];
}

export const MAX_URL_LENGTH = 4096;

/** C0/C1 controls, space, and the Unicode spaces and bidi controls used in spoofing. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/;
const HIERARCHICAL_PREFIX = /^[a-z][a-z0-9+.-]*:\/\//i;
const SUSPICIOUS_PATH = /%(?:2f|5c|00|25)/i;
const BLOB_UUID_PATH = /^\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DENY = (reason: AllowDenyReason): AllowDecision => ({ allow: false, reason });
const ALLOW: AllowDecision = { allow: true };

interface ParsedOrigin {
  scheme: string;
  hostname: string;
  origin: string;
}

function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname);
}

/** The authority exactly as written (between `//` and the first `/`, `?` or `#`). */
function rawAuthority(rawUrl: string): string {
  const start = rawUrl.indexOf('//') + 2;
  const rest = rawUrl.slice(start);
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

function rawHostOf(authority: string): string {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    return close === -1 ? authority : authority.slice(0, close + 1);
  }
  const colon = authority.lastIndexOf(':');
  return colon === -1 ? authority : authority.slice(0, colon);
}

/** Serialized origin; done by hand because WHATWG gives non-special schemes (app:) an opaque "null" origin. */
function originOf(url: URL): ParsedOrigin {
  return { scheme: url.protocol, hostname: url.hostname, origin: `${url.protocol}//${url.host}` };
}

/** Parses a configured origin (profile or options); configuration errors throw, they are not decisions. */
function configuredOrigin(raw: string, allowedSchemes: readonly string[], label: string): ParsedOrigin {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`allowlist: ${label} is not a URL`);
  }
  if (!allowedSchemes.includes(url.protocol)) throw new TypeError(`allowlist: ${label} must use ${allowedSchemes.join(' or ')}`);
  if (url.username !== '' || url.password !== '' || url.hostname === '') {
    throw new TypeError(`allowlist: ${label} must have a host and no userinfo`);
  }
  return originOf(url);
}

export function createAllowlist(profile: SiteProfile, options: AllowlistOptions): Allowlist {
  const listed: ParsedOrigin[] = [
    ...profile.api.baseUrls.map((u, i) => configuredOrigin(u, ['https:'], `api.baseUrls[${i}]`)),
    ...profile.sip.wss.map((s, i) => configuredOrigin(s.url, ['wss:'], `sip.wss[${i}]`)),
    ...(profile.updateUrl === undefined ? [] : [configuredOrigin(profile.updateUrl, ['https:'], 'updateUrl')]),
  ];
  const app = configuredOrigin(options.appOrigin, ['app:'], 'appOrigin');
  listed.push(app);
  for (const [i, dev] of (options.devOrigins ?? []).entries()) {
    listed.push(configuredOrigin(dev, ['http:', 'https:', 'ws:', 'wss:'], `devOrigins[${i}]`));
  }

  const byOrigin = new Map(listed.map((o) => [o.origin, o]));
  const schemes = new Set(listed.map((o) => o.scheme));
  const hostKeys = new Set(listed.map((o) => `${o.scheme}//${o.hostname}`));
  const hostnames = new Set(listed.map((o) => o.hostname));

  function decideHierarchical(rawUrl: string, url: URL): AllowDecision {
    if (!HIERARCHICAL_PREFIX.test(rawUrl)) return DENY('malformed');
    const authority = rawAuthority(rawUrl);
    if (authority.includes('@') || url.username !== '' || url.password !== '') return DENY('userinfo');
    const candidate = originOf(url);
    if (rawHostOf(authority).toLowerCase() !== candidate.hostname.toLowerCase() || candidate.hostname === '') {
      return DENY(isIpLiteral(candidate.hostname) ? 'ip-literal' : 'host');
    }
    if (!byOrigin.has(candidate.origin)) {
      if (hostKeys.has(`${candidate.scheme}//${candidate.hostname}`)) return DENY('port');
      if (hostnames.has(candidate.hostname)) return DENY('scheme');
      return DENY(isIpLiteral(candidate.hostname) ? 'ip-literal' : 'host');
    }
    if (SUSPICIOUS_PATH.test(url.pathname)) return DENY('path');
    return ALLOW;
  }

  function decideBlob(rawUrl: string): AllowDecision {
    const innerRaw = rawUrl.slice('blob:'.length);
    let inner: URL;
    try {
      inner = new URL(innerRaw);
    } catch {
      return DENY('malformed');
    }
    const innerDecision = decideHierarchical(innerRaw, inner);
    if (!innerDecision.allow) return innerDecision;
    if (originOf(inner).origin !== app.origin) return DENY('scheme');
    if (!BLOB_UUID_PATH.test(inner.pathname) || inner.search !== '' || inner.hash !== '') return DENY('path');
    return ALLOW;
  }

  function decide(rawUrl: string): AllowDecision {
    if (typeof rawUrl !== 'string' || rawUrl.length === 0 || rawUrl.length > MAX_URL_LENGTH) return DENY('malformed');
    if (FORBIDDEN_CHARACTERS.test(rawUrl)) return DENY('malformed');
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return DENY('malformed');
    }
    if (url.protocol === 'blob:') return decideBlob(rawUrl);
    if (!schemes.has(url.protocol)) return DENY('scheme');
    return decideHierarchical(rawUrl, url);
  }

  return { decide, origins: [...byOrigin.keys()] };
}
