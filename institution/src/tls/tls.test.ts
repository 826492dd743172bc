import { X509Certificate, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devTlsFiles, ensureDevTls } from './dev-ca.ts';
import { firstCertificatePem, spkiPinOfCertificate } from './spki-pin.ts';

describe('dev TLS material', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'institution-tls-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a P-256 CA and a localhost server certificate it signed', async () => {
    const tls = await ensureDevTls(dir);
    const ca = new X509Certificate(tls.caCertPem);
    const leaf = new X509Certificate(tls.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(leaf.subjectAltName).toContain('DNS:localhost');
    expect(leaf.subjectAltName?.toLowerCase()).toContain('ip address:0:0:0:0:0:0:0:1');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    // The key file is the leaf's private key and is readable by the owner only.
    expect(createPublicKey(createPrivateKey(tls.keyPem)).export({ type: 'spki', format: 'der' })).toEqual(leaf.publicKey.export({ type: 'spki', format: 'der' }));
    expect((await stat(devTlsFiles(dir).serverKey)).mode & 0o077).toBe(0);
    expect((await stat(devTlsFiles(dir).caKey)).mode & 0o077).toBe(0);
  });

  it('reuses the same files on a later start', async () => {
    const first = await readFile(devTlsFiles(dir).serverCert, 'utf8');
    const again = await ensureDevTls(dir);
    expect(again.certPem).toBe(first);
  });

  it('renews a server certificate about to expire, under the same CA', async () => {
    const before = await ensureDevTls(dir);
    const later = new Date(Date.now() + 360 * 86_400_000);
    const renewed = await ensureDevTls(dir, later);
    expect(renewed.certPem).not.toBe(before.certPem);
    expect(renewed.caCertPem).toBe(before.caCertPem);
  });
});

describe('SPKI pin', () => {
  it('is sha256 of the DER SubjectPublicKeyInfo, base64, of the first certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'institution-pin-'));
    try {
      const tls = await ensureDevTls(dir);
      const spki = createPublicKey(createPrivateKey(tls.keyPem)).export({ type: 'spki', format: 'der' });
      const expected = createHash('sha256').update(spki).digest('base64');
      expect(spkiPinOfCertificate(tls.certPem)).toBe(expected);
      expect(spkiPinOfCertificate(`${tls.certPem}${tls.caCertPem}`)).toBe(expected);
      expect(spkiPinOfCertificate(tls.caCertPem)).not.toBe(expected);
      expect(expected).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(() => firstCertificatePem('nothing here')).toThrow(/no PEM certificate/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
