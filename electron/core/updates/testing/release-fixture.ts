/**
 * TEST SUPPORT ONLY: what IT's `publish-release` does, in-process, so core tests and the
 * e2e spec can publish good, tampered and older releases to a real institution server.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { request } from 'node:https';
import { canonicalJson } from '../../../../institution/contract/canonical-json.ts';
import type { Rollout } from '../../../../institution/contract/update-api.ts';
import type { SignedUpdateManifest, UpdateManifest, UpdatePlatform } from '../../../../institution/contract/update-manifest.ts';

export interface UpdateKey {
  keyId: string;
  privateKey: KeyObject;
  /** What the app pins: keyId → SPKI PEM. */
  trusted: Record<string, string>;
}

export function makeUpdateKey(keyId = 'it-update-1'): UpdateKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { keyId, privateKey, trusted: { [keyId]: publicKey.export({ type: 'spki', format: 'pem' }).toString() } };
}

export interface ReleaseSpec {
  version: string;
  channel?: string;
  platform: UpdatePlatform;
  bytes: Buffer;
  key: UpdateKey;
  validMs?: number;
  /** Applied after signing: the manifest a compromised server would serve. */
  tamper?: (m: UpdateManifest) => UpdateManifest;
}

export function signedRelease(spec: ReleaseSpec): SignedUpdateManifest {
  const sha512 = createHash('sha512').update(spec.bytes).digest('hex');
  const now = Date.now();
  const manifest: UpdateManifest = {
    format: 1,
    product: 'channeldesk',
    version: spec.version,
    channel: spec.channel ?? 'stable',
    issuedAt: new Date(now - 60_000).toISOString(),
    expiresAt: new Date(now + (spec.validMs ?? 86_400_000)).toISOString(),
    artifacts: [{ platform: spec.platform, fileName: `ChannelDesk-${spec.version}.bin`, url: `/api/v1/updates/artifacts/${sha512}`, size: spec.bytes.length, sha512 }],
  };
  const signature = sign(null, Buffer.from(canonicalJson(manifest), 'utf8'), spec.key.privateKey).toString('base64');
  return { manifest: spec.tamper === undefined ? manifest : spec.tamper(manifest), keyId: spec.key.keyId, signature };
}

function send(baseUrl: string, caPem: string, method: string, path: string, token: string, body: Buffer, contentType: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`/api/v1${path}`, baseUrl),
      { method, ca: caPem, headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': String(body.length), accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Uploads the artifact and publishes the (possibly tampered) signed manifest; throws on any refusal. */
export async function publishRelease(
  server: { url: string; caCertPem: string },
  adminToken: string,
  release: { signed: SignedUpdateManifest; bytes: Buffer; rollout?: Rollout },
): Promise<void> {
  const sha512 = createHash('sha512').update(release.bytes).digest('hex');
  const up = await send(server.url, server.caCertPem, 'PUT', `/admin/updates/artifacts/${sha512}`, adminToken, release.bytes, 'application/octet-stream');
  if (up.status !== 201) throw new Error(`artifact upload: HTTP ${up.status} ${up.text}`);
  const body = Buffer.from(JSON.stringify({ signed: release.signed, rollout: release.rollout ?? { percent: 100, groups: [] } }), 'utf8');
  const pub = await send(server.url, server.caCertPem, 'POST', '/admin/updates/releases', adminToken, body, 'application/json');
  if (pub.status !== 201) throw new Error(`publish: HTTP ${pub.status} ${pub.text}`);
}
