/**
 * Which ICE servers a peer connection may use: exactly those the verified site profile
 * names (`turn[].urls` and `stun[].urls`). Pure and synchronous: in Electron it runs in the
 * preload's isolated world, called by the main-world guard (webrtc-guard.ts), so page
 * script cannot rewrite the built-ins it uses; the browser test host calls it directly.
 *
 * The page's URL text never reaches Chromium. Each requested URL is parsed into
 * scheme, host, port and transport (RFC 7064 / RFC 7065), compared with the profile's
 * URLs parsed the same way, and replaced by the profile's own string. A parser
 * difference between this file and Chromium therefore cannot smuggle a server in: at
 * worst an odd spelling of an allowed server is refused.
 */
import type { IceRefusal } from './schemas.ts';

export type { IceRefusal } from './schemas.ts';

export type IceScheme = 'stun' | 'stuns' | 'turn' | 'turns';

export interface IceEndpoint {
  scheme: IceScheme;
  /** Lower case; an IPv6 literal keeps its brackets. */
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

/** One RTCIceServer as the guard read it from the page: plain strings only. */
export interface RequestedIceServer {
  urls: readonly string[];
  username?: string | undefined;
  credential?: string | undefined;
}

/** What the guard could read from the page's RTCConfiguration. */
export interface IceRequest {
  /** The configuration was not a dictionary of strings the guard accepts (a number, a non-array, an object URL …). */
  malformed: boolean;
  servers: readonly RequestedIceServer[];
}

/** A server Chromium may be given: one profile URL and the page's credentials for it. */
export interface GrantedIceServer {
  urls: string;
  username?: string;
  credential?: string;
}

export type IceDecision =
  | { verdict: 'allow'; servers: GrantedIceServer[] }
  | { verdict: 'refuse'; refused: IceRefusal }
  /** The profile's list has not reached the page yet; nothing but a server-less configuration is allowed. */
  | { verdict: 'not-ready' };

/** More servers than any real softphone configures is refused as malformed (bounded work per call). */
export const MAX_ICE_URLS = 32;

const DEFAULT_PORT: Record<IceScheme, number> = { stun: 3478, turn: 3478, stuns: 5349, turns: 5349 };
const DEFAULT_TRANSPORT: Record<IceScheme, 'udp' | 'tcp'> = { stun: 'udp', turn: 'udp', stuns: 'tcp', turns: 'tcp' };

// scheme ":" host [":" port] ["?transport=" udp|tcp]; no userinfo, path, "//", fragment,
// whitespace, percent-encoding or non-ASCII. Host: a DNS name / IPv4 or a bracketed IPv6 literal.
const ICE_URL = /^(stuns?|turns?):([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9.])?|\[[0-9A-Fa-f:.]{2,45}\])(?::([1-9][0-9]{0,4}))?(?:\?transport=(udp|tcp))?$/i;

/** The endpoint a STUN/TURN URL names, or null when it is not one this desk accepts. */
export function parseIceUrl(raw: string): IceEndpoint | null {
  if (typeof raw !== 'string' || raw.length > 300) return null;
  const m = ICE_URL.exec(raw);
  if (!m) return null;
  const scheme = m[1]!.toLowerCase() as IceScheme;
  const port = m[3] === undefined ? DEFAULT_PORT[scheme] : Number(m[3]);
  if (port > 65_535) return null;
  const transportParam = m[4]?.toLowerCase() as 'udp' | 'tcp' | undefined;
  // RFC 7064 gives stun:/stuns: no parameters; ?transport belongs to TURN only.
  if (transportParam !== undefined && (scheme === 'stun' || scheme === 'stuns')) return null;
  return { scheme, host: m[2]!.toLowerCase(), port, transport: transportParam ?? DEFAULT_TRANSPORT[scheme] };
}

const endpointKey = (e: IceEndpoint): string => `${e.scheme} ${e.host} ${e.port} ${e.transport}`;

const MALFORMED: IceRefusal = { scheme: 'invalid', host: '', port: 0 };

/** What the audit may learn about a refused URL: its scheme, host and port, nothing else. */
export function refusalOf(raw: string): IceRefusal {
  const e = parseIceUrl(raw);
  return e === null ? MALFORMED : { scheme: e.scheme, host: e.host, port: e.port };
}

/** The profile's ICE URLs (TURN, then STUN), as the desk hands them to the page. */
export function profileIceUrls(profile: { turn: readonly { urls: readonly string[] }[]; stun?: readonly { urls: readonly string[] }[] | undefined }): string[] {
  return [...profile.turn.flatMap((t) => t.urls), ...(profile.stun ?? []).flatMap((s) => s.urls)];
}

/**
 * The verdict on one RTCConfiguration: allow (with the profile's own URL strings), or
 * refuse the WHOLE configuration at the first URL the profile does not name — a mixed
 * list is refused, not trimmed, so the caller learns at once and nothing half-works.
 */
export function decideIceServers(request: IceRequest, allowed: readonly string[] | null): IceDecision {
  if (request.malformed) return { verdict: 'refuse', refused: MALFORMED };
  // Host candidates need no server; the IP-handling policy governs what they reveal.
  if (request.servers.length === 0) return { verdict: 'allow', servers: [] };
  if (allowed === null) return { verdict: 'not-ready' };
  const byKey = new Map<string, string>();
  for (const url of allowed) {
    const e = parseIceUrl(url);
    if (e !== null && !byKey.has(endpointKey(e))) byKey.set(endpointKey(e), url);
  }
  let count = 0;
  const granted: GrantedIceServer[] = [];
  for (const server of request.servers) {
    if (server.urls.length === 0) return { verdict: 'refuse', refused: MALFORMED };
    for (const url of server.urls) {
      count += 1;
      if (count > MAX_ICE_URLS) return { verdict: 'refuse', refused: MALFORMED };
      const e = parseIceUrl(url);
      if (e === null) return { verdict: 'refuse', refused: MALFORMED };
      const profileUrl = byKey.get(endpointKey(e));
      if (profileUrl === undefined) return { verdict: 'refuse', refused: { scheme: e.scheme, host: e.host, port: e.port } };
      granted.push({
        urls: profileUrl,
        ...(server.username === undefined ? {} : { username: server.username }),
        ...(server.credential === undefined ? {} : { credential: server.credential }),
      });
    }
  }
  return { verdict: 'allow', servers: granted };
}
