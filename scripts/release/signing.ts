/**
 * Signatures of the releasing party over release documents (the build provenance, the escrow
 * hash list): Ed25519 over canonicalJson(document), in the same envelope shape as the update
 * manifest (institution/contract/update-manifest.ts): `{ <document>, keyId, signature }`.
 *
 * The private key comes from a PEM file, or stays outside this process: an external signing
 * command (HSM, offline signer) receives the canonical bytes on stdin and prints the base64
 * signature; we verify what it returns against the public key before writing anything.
 */
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '../../institution/contract/canonical-json.ts';

export type Signer = { keyId: string; publicKey: KeyObject; sign(bytes: Buffer): Promise<string> };
export type SignedEnvelope<K extends string> = { [key in K]: unknown } & { keyId: string; signature: string };

/** sha256 of the SPKI DER, first 16 hex (the profile and update keys use the same id). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function readPublicKey(pemPath: string): KeyObject {
  const key = createPublicKey(readFileSync(pemPath));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${pemPath}: not an Ed25519 public key`);
  return key;
}

export function fileSigner(privateKeyPath: string): Signer {
  const privateKey = createPrivateKey(readFileSync(privateKeyPath));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privateKeyPath}: not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), publicKey, sign: (bytes) => Promise.resolve(sign(null, bytes, privateKey).toString('base64')) };
}

/** `command` runs through /bin/sh with the bytes to sign on stdin; its stdout is the base64 signature. */
export function commandSigner(command: string, publicKeyPath: string): Signer {
  const publicKey = readPublicKey(publicKeyPath);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign: (bytes) =>
      new Promise((resolve, reject) => {
        const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'inherit'] });
        const out: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.on('error', reject);
        child.on('close', (code) => {
          const signature = Buffer.concat(out).toString('utf8').trim();
          if (code !== 0) reject(new Error(`signing command exited with ${code}`));
          else if (!verify(null, bytes, publicKey, Buffer.from(signature, 'base64'))) {
            reject(new Error('the signing command returned a signature the public key does not verify'));
          } else resolve(signature);
        });
        // A command that exits without reading stdin closes the pipe: its exit status is the error to report.
        child.stdin.on('error', () => undefined);
        child.stdin.end(bytes);
      }),
  };
}

export function signerFromOptions(options: { key?: string | undefined; signCommand?: string | undefined; publicKey?: string | undefined }): Signer {
  if (options.key && options.signCommand) throw new Error('give --key-file or --sign-command, not both');
  if (options.key) return fileSigner(options.key);
  if (options.signCommand) {
    if (!options.publicKey) throw new Error('--sign-command needs --public-key (to name and check the signature)');
    return commandSigner(options.signCommand, options.publicKey);
  }
  throw new Error('a signing key is required: --key-file <ed25519 private key PEM> or --sign-command <cmd> --public-key <PEM>');
}

export async function signDocument<K extends string>(field: K, document: unknown, signer: Signer): Promise<SignedEnvelope<K>> {
  const signature = await signer.sign(Buffer.from(canonicalJson(document), 'utf8'));
  return { [field]: document, keyId: signer.keyId, signature } as SignedEnvelope<K>;
}

export type VerifyResult = { ok: true; document: unknown; keyId: string } | { ok: false; reason: string };

/** Checks the envelope's signature against the trusted public key; the document is read only after. */
export function verifyDocument(field: string, envelope: unknown, publicKey: KeyObject): VerifyResult {
  if (typeof envelope !== 'object' || envelope === null) return { ok: false, reason: 'not a signed document' };
  const record = envelope as Record<string, unknown>;
  const { keyId, signature } = record;
  if (!(field in record) || typeof keyId !== 'string' || typeof signature !== 'string') {
    return { ok: false, reason: `not a signed ${field} (needs ${field}, keyId, signature)` };
  }
  if (keyId !== keyIdOf(publicKey)) return { ok: false, reason: `signed by key ${keyId}, not by the trusted key ${keyIdOf(publicKey)}` };
  let bytes: Buffer;
  try {
    bytes = Buffer.from(canonicalJson(record[field]), 'utf8');
  } catch {
    return { ok: false, reason: `${field} is not JSON data` };
  }
  if (!verify(null, bytes, publicKey, Buffer.from(signature, 'base64'))) return { ok: false, reason: 'signature does not verify' };
  return { ok: true, document: record[field], keyId };
}
