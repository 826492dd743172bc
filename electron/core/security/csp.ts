/**
 * The renderer's Content-Security-Policy, shared by main (as a response header of the
 * app:// protocol) and the browser test host, so both run the UI under the same rules.
 * Only `connect-src` varies: the renderer itself opens SIP-over-WSS (and, in future,
 * HTTPS) connections to the origins the site profile names. Everything else is fixed:
 * no inline or eval'd script, no plugins, no frames, no form posts, Trusted Types
 * enforced with no policy allowed (the UI never assigns HTML strings to sinks).
 */
export class CspConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CspConfigError';
  }
}

export interface CspOptions {
  /** Extra origins for connect-src: `wss://…` or `https://…`, exact origins only. */
  connectSrc: string[];
}

/** Printable ASCII only, and nothing that could end a source or directive or act as a wildcard. */
const SAFE_SOURCE = /^[\x21-\x7e]+$/;
const CSP_SPECIAL = /[;,'*\\]/;

/** Validates one connect-src entry and returns its serialized origin (never the raw text). */
function connectSource(raw: string): string {
  if (typeof raw !== 'string' || !SAFE_SOURCE.test(raw) || CSP_SPECIAL.test(raw)) {
    throw new CspConfigError('connect-src entries must be exact wss: or https: origins (ASCII, no wildcards, spaces or quotes)');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CspConfigError('connect-src entry is not a URL');
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'https:') {
    throw new CspConfigError('connect-src entries must use wss: or https:');
  }
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new CspConfigError('connect-src entries must be bare origins: no userinfo, path, query or fragment');
  }
  return `${url.protocol}//${url.host}`;
}

export function contentSecurityPolicy(options: CspOptions): string {
  const connect = [...new Set(options.connectSrc.map(connectSource))];
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['media-src', ["'self'", 'blob:']],
    ['connect-src', ["'self'", ...connect]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'self'"]],
    ['require-trusted-types-for', ["'script'"]],
    ['trusted-types', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * The renderer's CSP for a verified site profile: the only extra connections are the
 * SIP-over-WSS origins the profile names. (TURN/STUN are not CSP's to govern — ICE does not
 * go through fetch; the WebRTC guard limits them.) Main and the test host both call this.
 */
export function rendererCsp(profile: { sip: { wss: readonly { url: string }[] } }): string {
  return contentSecurityPolicy({ connectSrc: [...new Set(profile.sip.wss.map((s) => new URL(s.url).origin))] });
}
