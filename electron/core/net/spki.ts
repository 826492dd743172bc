import { createHash, X509Certificate } from 'node:crypto';

/**
 * SPKI pins (RFC 7469 format): base64(sha256(DER SubjectPublicKeyInfo)). Pinning the key
 * rather than the certificate lets the institution renew certificates without re-signing
 * every workstation's site profile, as long as it keeps the key (or pre-pins the next one).
 */
export class CertificateParseError extends Error {
  readonly code = 'certificate-unparseable';
  constructor() {
    // The input is never echoed: it may be anything a peer sent us.
    super('not a parseable X.509 certificate (PEM or DER expected)');
    this.name = 'CertificateParseError';
  }
}

function parseCertificate(certPemOrDer: string | Buffer): X509Certificate {
  if (typeof certPemOrDer !== 'string' && !Buffer.isBuffer(certPemOrDer)) throw new CertificateParseError();
  if (certPemOrDer.length === 0) throw new CertificateParseError();
  try {
    return new X509Certificate(certPemOrDer);
  } catch {
    throw new CertificateParseError();
  }
}

/** The pin of a certificate's public key. Throws CertificateParseError on anything but a certificate. */
export function spkiPin(certPemOrDer: string | Buffer): string {
  const der = parseCertificate(certPemOrDer).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/**
 * True when the certificate's key is one of `pins`. An empty list matches nothing: a
 * misconfigured profile must fail closed, not turn pinning off.
 */
export function pinMatches(certPemOrDer: string | Buffer, pins: readonly string[]): boolean {
  const pin = spkiPin(certPemOrDer);
  return pins.includes(pin);
}
