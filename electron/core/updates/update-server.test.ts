import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SiteProfile } from '../../../institution/contract/site-profile.ts';
import { signedProfileOf, tempDir } from '../desk-core.harness.ts';
import { useTestInstitution } from '../desk-core.hooks.ts';
import { createAllowlist } from '../net/allowlist.ts';
import { makeUpdateKey, publishRelease, signedRelease } from './testing/release-fixture.ts';
import { createUpdateServer, UpdateTransferError } from './update-server.ts';

/**
 * The desk's update transport against the real server: pinned TLS, the profile's allowlist,
 * and a download that resumes from what is on disk with an HTTP range request.
 */
const env = useTestInstitution({}, { admin: true });
const key = makeUpdateKey();
const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
const sha512 = createHash('sha512').update(bytes).digest('hex');
const path = `/api/v1/updates/artifacts/${sha512}`;

async function transport(baseUrl?: string) {
  const profile = SiteProfile.parse((await signedProfileOf(env.institution) as { profile: unknown }).profile);
  return createUpdateServer({
    baseUrl: baseUrl ?? profile.api.baseUrls[0] ?? '',
    pins: profile.pins,
    caPem: env.institution.server.caCertPem,
    allowlist: createAllowlist(profile, { appOrigin: 'app://desk' }),
  });
}

describe('update transport (real server, pinned TLS)', () => {
  it('resumes a partial download with a range request and accepts it only at the signed size and sha512', async () => {
    await publishRelease(env.institution.server, env.admin, { signed: signedRelease({ version: '3.0.0', channel: 'transport', platform: 'linux-x64', bytes, key }), bytes });
    const server = await transport();
    const dir = tempDir(env.cleanups, 'update-dl-');
    const dest = `${dir}/ChannelDesk.bin`;
    // An earlier attempt was cut off after 150 000 bytes.
    writeFileSync(`${dest}.part`, bytes.subarray(0, 150_000));
    const progress: number[] = [];
    await server.download(path, dest, { size: bytes.length, sha512 }, (n) => progress.push(n));
    expect(readFileSync(dest).equals(bytes)).toBe(true);
    // Only the missing 50 000 bytes came over the wire: progress starts past the part on disk.
    expect(Math.min(...progress)).toBeGreaterThan(150_000);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('a partial file that is not the signed bytes is refused as hash-mismatch and deleted; the next attempt starts clean', async () => {
    const server = await transport();
    const dir = tempDir(env.cleanups, 'update-dl-');
    const dest = `${dir}/ChannelDesk.bin`;
    writeFileSync(`${dest}.part`, Buffer.alloc(150_000, 0xee));
    const refused = await server.download(path, dest, { size: bytes.length, sha512 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UpdateTransferError);
    expect((refused as UpdateTransferError).code).toBe('hash-mismatch');
    expect(existsSync(`${dest}.part`)).toBe(false);
    await server.download(path, dest, { size: bytes.length, sha512 });
    expect(readFileSync(dest).equals(bytes)).toBe(true);
  });

  it('a manifest size smaller than the served file is a size-mismatch', async () => {
    const server = await transport();
    const dest = `${tempDir(env.cleanups, 'update-dl-')}/x.bin`;
    const refused = await server.download(path, dest, { size: 1000, sha512 }).catch((e: unknown) => e);
    expect((refused as UpdateTransferError).code).toBe('size-mismatch');
  });

  it('asks no host outside the profile', async () => {
    const server = await transport('https://updates.elsewhere.test');
    const refused = await server.check({ workstationId: 'WS-1', version: '1.0.0', platform: 'linux-x64', channel: 'stable' }).catch((e: unknown) => e);
    expect((refused as UpdateTransferError).code).toBe('refused-url');
  });
});
