/**
 * Benchmark: the desk's update download from the real institution server over loopback —
 * pinned TLS, the profile's allowlist, streamed to disk, then sha512 over the file — for a
 * whole 64 MiB artifact and for a resume of its second half (Range request). Also the cost
 * of one manifest decision (signature check first).
 *
 *   npx node bench/update-download.bench.ts
 *
 * Prints median and p95 (ms) and MiB/s at the median. Figures only; no thresholds.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiteProfile } from '../institution/contract/site-profile.ts';
import { startTestInstitution } from '../institution/src/testing/harness.ts';
import { createAllowlist } from '../electron/core/net/allowlist.ts';
import { makeUpdateKey, publishRelease, signedRelease } from '../electron/core/updates/testing/release-fixture.ts';
import { createUpdateServer } from '../electron/core/updates/update-server.ts';
import { decideSignedManifest } from '../electron/core/updates/verify-manifest.ts';
import { printHeader, printRow, summarize, timeAsync, timeSync } from './stats.ts';

const SIZE = 64 * 1024 * 1024;
const RUNS = 5;
const bytes = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i += 4096) bytes.writeUInt32BE(i, i);
const sha512 = createHash('sha512').update(bytes).digest('hex');

const t = await startTestInstitution({ updateArtifactMaxBytes: SIZE * 2 });
const dir = mkdtempSync(join(tmpdir(), 'bench-update-'));
try {
  const admin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
  const key = makeUpdateKey();
  const signed = signedRelease({ version: '9.0.0', platform: 'linux-x64', bytes, key });
  await publishRelease(t.server, admin, { signed, bytes });
  const signedProfile = (await t.client.request('GET', '/api/v1/site-profile')).json as { profile: unknown };
  const profile = SiteProfile.parse(signedProfile.profile);
  const server = createUpdateServer({ baseUrl: t.server.url, pins: profile.pins, caPem: t.server.caCertPem, allowlist: createAllowlist(profile, { appOrigin: 'app://desk' }) });
  const path = `/api/v1/updates/artifacts/${sha512}`;

  const whole: number[] = [];
  const resumed: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const dest = join(dir, `whole-${run}.bin`);
    whole.push((await timeAsync(() => server.download(path, dest, { size: SIZE, sha512 }))).ns);
    rmSync(dest);
    const half = join(dir, `half-${run}.bin`);
    writeFileSync(`${half}.part`, bytes.subarray(0, SIZE / 2));
    resumed.push((await timeAsync(() => server.download(path, half, { size: SIZE, sha512 }))).ns);
    rmSync(half);
  }
  const decide: number[] = [];
  for (let i = 0; i < 2000; i += 1) {
    decide.push(timeSync(() => decideSignedManifest(signed, { keys: key.trusted }, { now: Date.now(), floor: '1.0.0', platform: 'linux-x64', channel: 'stable' })).ns);
  }
  printHeader(`update download, ${SIZE / 1024 / 1024} MiB, loopback, pinned TLS + sha512 (${RUNS} runs)`);
  const w = summarize(whole);
  const r = summarize(resumed);
  printRow('whole download', w, 'ms');
  printRow('resume second half (Range)', r, 'ms');
  console.log(`  whole: ${(SIZE / 1024 / 1024 / (w.median / 1e9)).toFixed(0)} MiB/s at the median`);
  printHeader('manifest decision (Ed25519 verify first, then content)');
  printRow('decideSignedManifest', summarize(decide), 'µs');
} finally {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
}
