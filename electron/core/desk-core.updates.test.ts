import { describe, expect, it } from 'vitest';
import { ServerEventPage } from '../../institution/contract/api.ts';
import type { UpdateStatus } from '../contract/channels.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually, tempDir, untilEnrolled } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';
import { makeUpdateKey, publishRelease, signedRelease } from './updates/testing/release-fixture.ts';
import type { UpdateInstaller } from './updates/updater.ts';

/**
 * The updater through the whole core against the real institution's update server: the
 * signed manifest verified against the pinned key, the artifact downloaded over pinned TLS
 * and hashed, the install held back while a call holds the desk and handed off at sign-out,
 * refusals in the chain (delivered to the institution) and in its server-side record.
 * Each test publishes on its own channel, so the releases of one do not reach another.
 */
const env = useTestInstitution({}, { admin: true });
const key = makeUpdateKey();
const RUNNING = '0.1.0';
const PLATFORM = 'linux-x64';

function recordingInstaller(): UpdateInstaller & { installed: string[] } {
  const installed: string[] = [];
  return { installed, install: (a) => (installed.push(`${a.version} ${a.fileName}`), Promise.resolve()) };
}

let n = 0;
async function deskOn(channel: string, installer: UpdateInstaller, dataDir?: string): Promise<{ core: DeskCore; ws: string; changes: UpdateStatus[] }> {
  const ws = `WS-UPD-${++n}`;
  const core = await env.openDesk({
    workstationId: ws,
    register: true,
    ...(dataDir === undefined ? {} : { dataDir }),
    deliveryBackoff: { initialMs: 50, maxMs: 200 },
    log: () => undefined,
    updates: { trustedKeys: key.trusted, runningVersion: RUNNING, installer, platform: PLATFORM, channel, checkIntervalMs: 0 },
  });
  const changes: UpdateStatus[] = [];
  core.subscribe('update.changed', (s) => changes.push(s));
  await untilEnrolled(core);
  return { core, ws, changes };
}
const value = <T>(result: { ok: boolean; value?: unknown }): T => {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result.value as T;
};
const login = async (core: DeskCore) => value(await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' }));
const check = async (core: DeskCore) => value<UpdateStatus>(await core.dispatch('update.check', undefined));
const delivered = (ws: string, type: string) =>
  eventually(() => {
    const events = env.institution.storedEvents(ws).filter((e) => e.type === type);
    return events.length > 0 ? events : undefined;
  }, `${type} delivered`);

describe('signed updates through the desk core (real institution)', () => {
  it('a good update offered during a call waits for the call, then installs at sign-out; the floor rises', async () => {
    const bytes = Buffer.from('ChannelDesk 0.2.0 installer '.repeat(2000));
    await publishRelease(env.institution.server, env.admin, { signed: signedRelease({ version: '0.2.0', channel: 'good', platform: PLATFORM, bytes, key }), bytes });
    const installer = recordingInstaller();
    const { core, ws } = await deskOn('good', installer);
    await login(core);
    // The phone's hold, as the call bar takes it.
    const hold = value<{ holdId: string }>(await core.dispatch('activity.hold', { reason: 'call' }));

    expect(await check(core)).toEqual({ state: 'ready', version: '0.2.0', waitingFor: 'call', reason: null, progress: null });
    expect(core.idle.holds()).toEqual(['renderer:call']);
    expect(installer.installed).toEqual([]);

    value(await core.dispatch('activity.release', hold));
    const afterCall = await eventually(async () => {
      const s = value<UpdateStatus>(await core.dispatch('update.status', undefined));
      return s.waitingFor === 'idle' ? s : undefined;
    }, 'waiting for an idle moment');
    expect(afterCall.state).toBe('ready');
    expect(installer.installed).toEqual([]);

    await core.dispatch('session.logout', undefined);
    await eventually(() => (installer.installed.length > 0 ? true : undefined), 'installed at sign-out');
    expect(installer.installed).toEqual(['0.2.0 ChannelDesk-0.2.0.bin']);
    expect(value<UpdateStatus>(await core.dispatch('update.status', undefined))).toMatchObject({ state: 'installed', version: '0.2.0' });
    const installed = await delivered(ws, 'update.installed');
    expect(installed[0]?.data).toEqual({ version: '0.2.0' });
  });

  it('a locked screen is a safe moment; an installer that fails is audited and reported, and the update stays offered', async () => {
    const bytes = Buffer.from('ChannelDesk 0.2.5 installer');
    await publishRelease(env.institution.server, env.admin, { signed: signedRelease({ version: '0.2.5', channel: 'lock', platform: PLATFORM, bytes, key }), bytes });
    let attempts = 0;
    const failing: UpdateInstaller = {
      install: () => {
        attempts += 1;
        return Promise.reject(new Error('the platform refused the installer'));
      },
    };
    const { core, ws } = await deskOn('lock', failing);
    await login(core);
    expect(await check(core)).toMatchObject({ state: 'ready', version: '0.2.5', waitingFor: 'idle' });
    expect(attempts).toBe(0);
    value(await core.dispatch('session.lock', undefined));
    await eventually(() => (attempts > 0 ? true : undefined), 'install attempted at the lock screen');
    expect(value<UpdateStatus>(await core.dispatch('update.status', undefined))).toEqual({ state: 'failed', version: '0.2.5', waitingFor: null, reason: 'install-failed', progress: null });
    expect((await delivered(ws, 'update.install-failed'))[0]?.data).toEqual({ version: '0.2.5' });
    expect((await delivered(ws, 'update.installing'))[0]?.data).toEqual({ version: '0.2.5', session: 'locked' });
    await eventually(async () => {
      const p = ServerEventPage.parse((await env.institution.call('GET', `/admin/audit/workstations/${ws}/server-events?limit=100`, { token: env.admin })).body);
      return p.events.some((e) => e.type === 'update-result' && e.detail === '0.2.5 failed install-failed') ? true : undefined;
    }, 'failure reported');
    // The next check offers it again and, the screen still locked, tries again at once.
    await check(core);
    await eventually(() => (attempts === 2 ? true : undefined), 'second attempt after the next check');
  });

  it('a tampered manifest is refused before anything is downloaded; the refusal reaches the institution', async () => {
    const bytes = Buffer.from('ChannelDesk 0.3.0 installer');
    const tampered = signedRelease({ version: '0.3.0', channel: 'tampered', platform: PLATFORM, bytes, key, tamper: (m) => ({ ...m, expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString() }) });
    await publishRelease(env.institution.server, env.admin, { signed: tampered, bytes });
    const installer = recordingInstaller();
    const { core, ws } = await deskOn('tampered', installer);
    await login(core);
    expect(await check(core)).toEqual({ state: 'refused', version: null, waitingFor: null, reason: 'bad-signature', progress: null });
    const refused = await delivered(ws, 'update.refused');
    expect(refused[0]?.data).toEqual({ reason: 'bad-signature', version: null, floor: RUNNING });
    const page = ServerEventPage.parse((await env.institution.call('GET', `/admin/audit/workstations/${ws}/server-events?limit=100`, { token: env.admin })).body);
    await eventually(async () => {
      const p = ServerEventPage.parse((await env.institution.call('GET', `/admin/audit/workstations/${ws}/server-events?limit=100`, { token: env.admin })).body);
      return p.events.some((e) => e.type === 'update-result' && e.detail === 'unknown refused bad-signature') ? true : undefined;
    }, 'result reported');
    expect(page.events.some((e) => e.type === 'update-checked')).toBe(true);
    expect(installer.installed).toEqual([]);
  });

  it('after a restart the rollback floor still refuses an older release (same data directory)', async () => {
    const cleanups: (() => void)[] = [];
    const dataDir = tempDir(cleanups, 'desk-update-floor-');
    try {
      const newer = Buffer.from('ChannelDesk 0.5.0');
      await publishRelease(env.institution.server, env.admin, { signed: signedRelease({ version: '0.5.0', channel: 'floor-a', platform: PLATFORM, bytes: newer, key }), bytes: newer });
      const installer = recordingInstaller();
      const first = await deskOn('floor-a', installer, dataDir);
      // Checking on request needs a signed-in operator (the background check does not).
      expect((await first.core.dispatch('update.check', undefined)).ok).toBe(false);
      await login(first.core);
      await check(first.core);
      await first.core.dispatch('session.logout', undefined);
      await eventually(() => (installer.installed.length > 0 ? true : undefined), 'installed');
      await first.core.close();

      const older = Buffer.from('ChannelDesk 0.4.0');
      await publishRelease(env.institution.server, env.admin, { signed: signedRelease({ version: '0.4.0', channel: 'floor-b', platform: PLATFORM, bytes: older, key }), bytes: older });
      // The same data directory, still running 0.1.0, now on a channel whose newest is 0.4.0.
      const second = await env.openDesk({
        workstationId: first.ws,
        dataDir,
        log: () => undefined,
        deliveryBackoff: { initialMs: 50, maxMs: 200 },
        updates: { trustedKeys: key.trusted, runningVersion: RUNNING, installer, platform: PLATFORM, channel: 'floor-b', checkIntervalMs: 0 },
      });
      await login(second);
      expect(await check(second)).toEqual({ state: 'refused', version: '0.4.0', waitingFor: null, reason: 'downgrade', progress: null });
      expect(installer.installed).toEqual(['0.5.0 ChannelDesk-0.5.0.bin']);
      const refused = await delivered(first.ws, 'update.refused');
      expect(refused.map((e) => e.data)).toEqual([{ reason: 'downgrade', version: '0.4.0', floor: '0.5.0' }]);
    } finally {
      for (const c of cleanups) c();
    }
  });
});
