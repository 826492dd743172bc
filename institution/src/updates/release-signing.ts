import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { canonicalJson } from '../../contract/canonical-json.ts';
import { ARTIFACT_PATH_PREFIX, UpdateManifest, type SignedUpdateManifest, type UpdatePlatform } from '../../contract/update-manifest.ts';

/**
 * Building and signing a release manifest. The signature is Ed25519 over the manifest's
 * canonical JSON, made either with a key file or by an external command (an HSM tool, an
 * offline signing station's wrapper): the command gets the canonical bytes on stdin and
 * prints the base64 signature on stdout, so the private key never has to touch this host.
 * Whatever signed, the signature is verified against the public key before anything is
 * uploaded: a wrong key or a broken command fails here, not on a thousand desks.
 */
export type Signer = (bytes: Buffer) => Promise<string>;

export function keyFileSigner(privateKeyPem: string): { signer: Signer; publicKey: KeyObject } {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('the update signing key must be an Ed25519 private key');
  return { signer: (bytes) => Promise.resolve(sign(null, bytes, key).toString('base64')), publicKey: createPublicKey(key) };
}

/** Runs `command` through the shell with the bytes on stdin; its stdout (trimmed) is the signature. */
export function commandSigner(command: string, timeoutMs = 120_000): Signer {
  return (bytes) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'inherit'] });
      const out: Buffer[] = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code !== 0) return reject(new Error(`the signing command exited with ${code ?? 'a signal'}`));
        resolve(Buffer.concat(out).toString('utf8').trim());
      });
      child.stdin.end(bytes);
    });
}

export async function sha512File(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ReleaseInput {
  version: string;
  channel: string;
  artifacts: { platform: UpdatePlatform; file: string }[];
  issuedAt: Date;
  validDays: number;
  minimumSupportedVersion?: string;
  /** The build's provenance manifest file (its sha256 goes into the manifest). */
  provenanceFile?: string;
}

export async function buildManifest(input: ReleaseInput): Promise<UpdateManifest> {
  const artifacts = [];
  for (const a of input.artifacts) {
    const sha512 = await sha512File(a.file);
    artifacts.push({ platform: a.platform, fileName: basename(a.file), url: `${ARTIFACT_PATH_PREFIX}${sha512}`, size: (await stat(a.file)).size, sha512 });
  }
  const provenance = input.provenanceFile === undefined ? undefined : createHash('sha256').update(await readFile(input.provenanceFile)).digest('hex');
  return UpdateManifest.parse({
    format: 1,
    product: 'channeldesk',
    version: input.version,
    channel: input.channel,
    issuedAt: input.issuedAt.toISOString(),
    expiresAt: new Date(input.issuedAt.getTime() + input.validDays * 86_400_000).toISOString(),
    ...(input.minimumSupportedVersion === undefined ? {} : { minimumSupportedVersion: input.minimumSupportedVersion }),
    artifacts,
    ...(provenance === undefined ? {} : { provenanceSha256: provenance }),
  });
}

export async function signManifest(manifest: UpdateManifest, keyId: string, signer: Signer, publicKey: KeyObject): Promise<SignedUpdateManifest> {
  const bytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const signature = await signer(bytes);
  let valid: boolean;
  try {
    valid = verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) throw new Error('the signature does not verify with the update public key (wrong key or signing command)');
  return { manifest, keyId, signature };
}
