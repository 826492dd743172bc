import { X509Certificate, createHash } from 'node:crypto';

/** The first certificate of a PEM bundle (a chain file lists the leaf first). */
export function firstCertificatePem(pem: string): string {
  const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (match === null) throw new Error('no PEM certificate found');
  return `${match[0]}\n`;
}

/** sha256 of the DER SubjectPublicKeyInfo, base64: the pin format of the site profile. */
export function spkiPinOfCertificate(certPem: string): string {
  const certificate = new X509Certificate(firstCertificatePem(certPem));
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
