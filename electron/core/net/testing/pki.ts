import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { spkiPin } from '../spki.ts';

/**
 * Test-only PKI: a throwaway CA that issues real server/client certificates, so the
 * TLS tests run real handshakes on 127.0.0.1 instead of mocking node:tls.
 * Not imported by production code.
 */
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  /** SPKI pin of the certificate's key. */
  pin: string;
}

export interface IssueOptions {
  commonName: string;
  usage: 'server' | 'client';
  ipAddresses?: string[];
  dnsNames?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

export interface TestCa {
  certPem: string;
  issue(options: IssueOptions): Promise<IssuedCertificate>;
}

function toPem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body.trimEnd()}\n-----END ${label}-----\n`;
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
}

async function exportKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return toPem('PRIVATE KEY', der);
}

export async function createTestCa(name = 'ChannelDesk Test CA'): Promise<TestCa> {
  const caKeys = await generateKeys();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys: caKeys,
    signingAlgorithm,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });

  async function issue(options: IssueOptions): Promise<IssuedCertificate> {
    const keys = await generateKeys();
    const names: x509.JsonGeneralName[] = [
      ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
      ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ];
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([options.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    ];
    if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
    const cert = await x509.X509CertificateGenerator.create({
      subject: `CN=${options.commonName}`,
      issuer: caCert.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm,
      notBefore: options.notBefore ?? new Date(Date.now() - 60_000),
      notAfter: options.notAfter ?? new Date(Date.now() + 86_400_000),
      extensions,
    });
    const certPem = cert.toString('pem');
    return { certPem, keyPem: await exportKeyPem(keys.privateKey), pin: spkiPin(certPem) };
  }

  return { certPem: caCert.toString('pem'), issue };
}

/** A CA plus a server certificate for 127.0.0.1/localhost: what most TLS tests need. */
export async function createLoopbackPki(): Promise<{ ca: TestCa; server: IssuedCertificate }> {
  const ca = await createTestCa();
  const server = await ca.issue({ commonName: 'localhost', usage: 'server', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'] });
  return { ca, server };
}
