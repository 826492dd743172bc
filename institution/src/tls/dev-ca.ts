import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A development CA and a localhost server certificate under `<dataDir>/tls/`, created on
 * first start and reused afterwards, so a desktop can trust the CA once. Production passes
 * its own certificate files instead (see load-tls.ts).
 */
export interface DevTlsFiles {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export function devTlsFiles(tlsDir: string): DevTlsFiles {
  return {
    caCert: join(tlsDir, 'ca.crt.pem'),
    caKey: join(tlsDir, 'ca.key.pem'),
    serverCert: join(tlsDir, 'server.crt.pem'),
    serverKey: join(tlsDir, 'server.key.pem'),
  };
}

// @peculiar/x509 takes the WebCrypto provider as an argument: pass Node's, set no global.
const crypto = webcrypto as unknown as X509Crypto;
const subtle = webcrypto.subtle;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;
// Renew the server certificate this long before it expires.
const RENEW_MARGIN = 7 * DAY;

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign']);
}

async function createCa(files: DevTlsFiles, now: Date): Promise<void> {
  const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: 'CN=ChannelDesk Institution Dev CA',
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 3650 * DAY),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  writeFileSync(files.caKey, await exportKeyPem(keys.privateKey), { mode: 0o600 });
  writeFileSync(files.caCert, certificate.toString('pem'));
}

async function createServerCertificate(files: DevTlsFiles, now: Date): Promise<void> {
  const caCertificate = new x509.X509Certificate(readFileSync(files.caCert, 'utf8'));
  const caKey = await importKeyPem(readFileSync(files.caKey, 'utf8'));
  const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: 'CN=localhost',
      issuer: caCertificate.subject,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 365 * DAY),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: caKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
          { type: 'dns', value: 'localhost' },
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caCertificate, false, crypto),
      ],
    },
    crypto,
  );
  writeFileSync(files.serverKey, await exportKeyPem(keys.privateKey), { mode: 0o600 });
  writeFileSync(files.serverCert, certificate.toString('pem'));
}

function needsNewServerCertificate(files: DevTlsFiles, now: Date): boolean {
  if (!existsSync(files.serverCert) || !existsSync(files.serverKey)) return true;
  const certificate = new X509Certificate(readFileSync(files.serverCert));
  const caCertificate = new X509Certificate(readFileSync(files.caCert));
  return !certificate.checkIssued(caCertificate) || new Date(certificate.validTo).getTime() - now.getTime() < RENEW_MARGIN;
}

/** Creates what is missing (or about to expire) and returns the PEM texts. */
export async function ensureDevTls(tlsDir: string, now: Date = new Date()): Promise<{ certPem: string; keyPem: string; caCertPem: string }> {
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const files = devTlsFiles(tlsDir);
  if (!existsSync(files.caCert) || !existsSync(files.caKey)) await createCa(files, now);
  if (needsNewServerCertificate(files, now)) await createServerCertificate(files, now);
  return {
    certPem: readFileSync(files.serverCert, 'utf8'),
    keyPem: readFileSync(files.serverKey, 'utf8'),
    caCertPem: readFileSync(files.caCert, 'utf8'),
  };
}
