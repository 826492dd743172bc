import { describe, expect, it } from 'vitest';
import { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { UpdateStatus } from '../../contract/updates.ts';
import { signedProfileOf, tempDir } from '../desk-core.harness.ts';
import { useTestInstitution } from '../desk-core.hooks.ts';
import { createAllowlist } from '../net/allowlist.ts';
import { makeUpdateKey } from './testing/release-fixture.ts';
import { createUpdateServer, retryAfterMs, UpdateTransferError, type UpdateServer } from './update-server.ts';
import { createUpdater } from './updater.ts';

/**
 * The desk against an update server that throttles checks (429 + Retry-After; here one check
 * per workstation per minute): the transport reports `throttled` with the wait, and the
 * updater treats it as "check later" — no failed state, nothing for the status bar to say,
 * no request until the wait is over, then an exponential backoff when the server is still busy.
 */
/** The institution's clock, moved by hand (its token buckets refill by it). */
let serverNow = Date.now();
const env = useTestInstitution({ now: () => serverNow, updateCheckRateLimit: { perWorkstation: { burst: 1, refillPerMinute: 1 } } }, { admin: true });
const MINUTE = 60_000;

async function transport(): Promise<UpdateServer> {
  const profile = SiteProfile.parse(((await signedProfileOf(env.institution)) as { profile: unknown }).profile);
  return createUpdateServer({
    baseUrl: profile.api.baseUrls[0] ?? '',
    pins: profile.pins,
    caPem: env.institution.server.caCertPem,
    allowlist: createAllowlist(profile, { appOrigin: 'app://desk' }),
  });
}

describe('a throttled update check (real server)', () => {
  it('the transport says throttled, with the server’s Retry-After', async () => {
    const server = await transport();
    const query = { workstationId: 'WS-THR-1', version: '0.1.0', platform: 'linux-x64', channel: 'throttle' } as const;
    expect(await server.check(query)).toEqual({ status: 'none' });
    const refused = await server.check(query).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UpdateTransferError);
    expect([(refused as UpdateTransferError).code, (refused as UpdateTransferError).retryAfterMs]).toEqual(['throttled', MINUTE]);
  });

  it('the updater waits quietly, asks nothing until the wait is over, and backs off while the server stays busy', async () => {
    const real = await transport();
    let asked = 0;
    const server: UpdateServer = { ...real, check: (q) => ((asked += 1), real.check(q)) };
    let now = serverNow;
    const statuses: UpdateStatus[] = [];
    const scheduled: number[] = [];
    const logs: string[] = [];
    const updater = createUpdater({
      workstationId: 'WS-THR-2',
      platform: 'linux-x64',
      channel: 'throttle',
      trust: { keys: makeUpdateKey().trusted },
      server,
      floor: { current: () => '0.1.0', raise: () => undefined },
      downloadDir: tempDir(env.cleanups, 'update-thr-'),
      installer: { install: () => Promise.reject(new Error('nothing is installed here')) },
      audit: { append: () => undefined as never },
      actor: () => null,
      busy: () => false,
      session: () => 'logged-out',
      now: () => now,
      onStatus: (s) => statuses.push(s),
      signResult: () => 'unused',
      log: (line) => logs.push(line),
      schedule: (ms) => scheduled.push(ms),
      random: () => 0,
    });

    expect((await updater.checkNow()).state).toBe('up-to-date');
    // The server's one-per-minute bucket is empty now: 429.
    expect((await updater.checkNow()).state).toBe('up-to-date');
    expect(asked).toBe(2);
    expect(scheduled).toEqual([MINUTE]);
    expect(logs.at(-1)).toBe('update check deferred: the server is busy, next check in 60 s');
    // Manual or periodic, a check during the wait does not reach the server.
    expect((await updater.checkNow()).state).toBe('up-to-date');
    expect(asked).toBe(2);

    // The wait is over on both clocks: the check goes through, and the backoff starts again.
    now += MINUTE;
    serverNow += MINUTE;
    expect((await updater.checkNow()).state).toBe('up-to-date');
    expect(asked).toBe(3);
    // Busy again, and still busy after the first wait (the server's clock did not move): 1 min, then 2.
    await updater.checkNow();
    now += MINUTE;
    await updater.checkNow();
    expect(asked).toBe(5);
    expect(scheduled).toEqual([MINUTE, MINUTE, 2 * MINUTE]);

    // Nothing alarming, ever: no failed or refused state reached the status bar.
    expect(new Set(statuses.map((s) => s.state))).toEqual(new Set(['checking', 'up-to-date']));
  });

  it('reads Retry-After as delta-seconds only (an HTTP date or garbage is ignored), capped at a day', () => {
    expect(retryAfterMs('60')).toBe(MINUTE);
    expect(retryAfterMs(' 5 ')).toBe(5000);
    expect(retryAfterMs('999999999')).toBe(86_400_000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT')).toBeNull();
    expect(retryAfterMs('-1')).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });
});
