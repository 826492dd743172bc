import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevTls } from './dev-ca.ts';
import { spkiPinOfCertificate } from './spki-pin.ts';

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  /** What a client should trust: the dev CA, or the production chain as given. */
  caCertPem: string;
  /** SPKI pin of the leaf certificate. */
  leafPin: string;
}

/** Production certificate files when given, else the dev CA under `<dataDir>/tls/`. */
export async function loadTls(dataDir: string, files?: { certFile: string; keyFile: string }): Promise<TlsMaterial> {
  if (files !== undefined) {
    const certPem = readFileSync(files.certFile, 'utf8');
    return { certPem, keyPem: readFileSync(files.keyFile, 'utf8'), caCertPem: certPem, leafPin: spkiPinOfCertificate(certPem) };
  }
  const dev = await ensureDevTls(join(dataDir, 'tls'));
  return { ...dev, leafPin: spkiPinOfCertificate(dev.certPem) };
}
