import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { pinMatches } from '../net/spki.ts';

/**
 * The server identity check for every institution connection: the usual hostname check,
 * then the leaf key must be one of the profile's SPKI pins. It runs inside the TLS
 * handshake, so on a mismatch the socket is destroyed before any HTTP byte (password,
 * token) is written to it.
 */
export const PIN_MISMATCH_CODE = 'ERR_CHANNELDESK_SPKI_PIN_MISMATCH';

export class PinMismatchError extends Error {
  readonly code = PIN_MISMATCH_CODE;
  constructor() {
    super('server certificate key is not pinned by the site profile');
    this.name = 'PinMismatchError';
  }
}

function leafIsPinned(cert: PeerCertificate, pins: readonly string[]): boolean {
  try {
    return cert.raw !== undefined && pinMatches(cert.raw, pins);
  } catch {
    return false; // an unparseable peer certificate is simply not pinned
  }
}

export function pinnedServerIdentity(pins: readonly string[]): (host: string, cert: PeerCertificate) => Error | undefined {
  const pinned = [...pins];
  return (host, cert) => {
    const hostError = checkServerIdentity(host, cert);
    if (hostError) return hostError;
    return leafIsPinned(cert, pinned) ? undefined : new PinMismatchError();
  };
}

/** OpenSSL/Node error codes that mean "this peer's certificate is not acceptable" (either side). */
const CERTIFICATE_ERROR = /CERT|ISSUER|SIGNATURE|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH|HOSTNAME_MISMATCH|SPKI_PIN/;

export function isCertificateError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CERTIFICATE_ERROR.test(code);
}
