import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CertificateParseError, pinMatches, spkiPin } from './spki.ts';
import { createTestCa, type IssuedCertificate } from './testing/pki.ts';

const ca = await createTestCa();
const leaf: IssuedCertificate = await ca.issue({ commonName: 'api', usage: 'server', dnsNames: ['api.bank.test'] });
const other: IssuedCertificate = await ca.issue({ commonName: 'api', usage: 'server', dnsNames: ['api.bank.test'] });

describe('spkiPin', () => {
  it('is sha256 of the DER SubjectPublicKeyInfo, base64, for PEM and DER alike', () => {
    const cert = new X509Certificate(leaf.certPem);
    const expected = createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    expect(spkiPin(leaf.certPem)).toBe(expected);
    expect(spkiPin(cert.raw)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('differs between two keys even with identical subject and names', () => {
    expect(spkiPin(leaf.certPem)).not.toBe(spkiPin(other.certPem));
  });

  it.each([
    ['empty string', ''],
    ['empty buffer', Buffer.alloc(0)],
    ['text', 'hello'],
    ['PEM armour with garbage', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
    ['random bytes', Buffer.from('3082ffff0000', 'hex')],
  ])('throws CertificateParseError on %s', (_label, input) => {
    expect(() => spkiPin(input)).toThrow(CertificateParseError);
  });

  it('throws CertificateParseError on non-string, non-buffer input', () => {
    expect(() => spkiPin(42 as unknown as string)).toThrow(CertificateParseError);
  });
});

describe('pinMatches', () => {
  it('accepts a certificate whose key is pinned', () => {
    expect(pinMatches(leaf.certPem, [other.pin, leaf.pin])).toBe(true);
  });

  it('rejects a certificate with a different key', () => {
    expect(pinMatches(other.certPem, [leaf.pin])).toBe(false);
  });

  it('rejects everything when the pin list is empty (fails closed)', () => {
    expect(pinMatches(leaf.certPem, [])).toBe(false);
  });

  it('rejects garbage with a typed error rather than false or a crash', () => {
    expect(() => pinMatches('garbage', [leaf.pin])).toThrow(CertificateParseError);
  });
});
