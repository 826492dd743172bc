import { rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { ServerEventPage } from '../../institution/contract/api.ts';
import { databasePath } from '../../institution/src/data-dir.ts';
import type { UpdateInstaller } from '../../electron/core/updates/updater.ts';
import type { UpdaterConfig } from '../../electron/core/updates/update-domain.ts';
import { makeUpdateKey, publishRelease, signedRelease, type UpdateKey } from '../../electron/core/updates/testing/release-fixture.ts';
import { zhCN } from '../../renderer/src/i18n/zh-CN.ts';
import { startLab, type Lab } from '../host/lab.ts';
import { httpsJson } from '../host/https-json.ts';
import { locateLabBinaries, TelephonyLabUnavailableError } from '../lab/preflight.ts';
import { apiUrl, loginConsole } from '../fixtures/admin-api.ts';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { E2E_PASSWORD_HASHING, expect, test } from '../fixtures/lab.ts';
import { test as phoneTest } from '../fixtures/phone.ts';
import { customerOnCall, signIn } from '../fixtures/phone-steps.ts';

/**
 * Signed updates end to end: the Vite-built renderer in Chromium, the test host built from
 * main's parts with core's real updater, the real institution's update server. The call is a
 * real one: the phone fixture's telephony lab (Kamailio + rtpengine), its customer peer page
 * calls the agent, the desk answers, the customer hangs up, the agent finishes wrap-up with a
 * disposition — the phone takes its activity hold and reports its states itself. The install
 * is the host's recording stand-in for main's installer (the real one needs the Electron binary).
 */
const RUNNING = '0.1.0';
const PLATFORM = 'linux-x64' as const;
/** A zh-CN message (the desk's default language) with its `{name}` placeholders filled. */
const fill = (message: string, params: Record<string, string>) => message.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
const text = {
  readyAfterCall: (version: string) => fill(zhCN['update.readyAfterCall'], { version }),
  readyWhenIdle: (version: string) => fill(zhCN['update.readyWhenIdle'], { version }),
  refused: zhCN['update.refused'],
  reported: (state: 'ready' | 'on-call' | 'wrap-up') => fill(zhCN['phone.agent.reported'], { state: zhCN[`phone.state.${state}`] }),
};
const WAIT = { timeout: 20_000 };

interface World {
  lab: Lab;
  key: UpdateKey;
  installed: string[];
  admin: string;
}

function updaterConfig(key: UpdateKey, installed: string[]): UpdaterConfig {
  const installer: UpdateInstaller = { install: (a) => (installed.push(a.version), Promise.resolve()) };
  return { trustedKeys: key.trusted, runningVersion: RUNNING, installer, platform: PLATFORM, channel: 'stable', checkIntervalMs: 0 };
}

async function adminToken(lab: Lab): Promise<string> {
  return (await loginConsole(lab.institutionUrl, lab.caPem, { operatorId: 'ADM01', password: 'Admin#2026' })).accessToken;
}

async function world(rootDir: string): Promise<World> {
  const key = makeUpdateKey();
  const installed: string[] = [];
  const lab = await startLab({ rootDir, passwordHashing: E2E_PASSWORD_HASHING, updates: updaterConfig(key, installed) });
  return { lab, key, installed, admin: await adminToken(lab) };
}

/** A bridge call from the page, as the renderer makes it (window.desk). */
function desk(page: Page, expression: string): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  return page.evaluate(`(async () => await window.desk.${expression})()`);
}

/** The workstation's audit events as the institution stored them (read-only SQLite). */
function storedEvents(lab: Lab, type: string): { data: Record<string, unknown> }[] {
  const db = new Database(databasePath(lab.institutionDataDir), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT body FROM audit_events WHERE workstation_id = ? ORDER BY seq').all(lab.workstationId) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> }).filter((e) => e.type === type);
  } finally {
    db.close();
  }
}

async function serverEvents(w: Pick<World, 'lab' | 'admin'>): Promise<string[]> {
  const res = await httpsJson(apiUrl(w.lab.institutionUrl, `/admin/audit/workstations/${w.lab.workstationId}/server-events?limit=100`), w.lab.caPem, { bearer: w.admin });
  return ServerEventPage.parse(res.body).events.filter((e) => e.type === 'update-result').map((e) => e.detail);
}

/** Why the telephony lab cannot run here (its Debian packages are missing), or null. */
function telephonyMissing(): string | null {
  try {
    locateLabBinaries();
    return null;
  } catch (error) {
    if (error instanceof TelephonyLabUnavailableError) return error.message;
    throw error;
  }
}

phoneTest.describe('during a real call', () => {
  const missing = telephonyMissing();
  if (missing !== null) console.log(`update.spec call test skipped: ${missing}`);
  phoneTest.skip(missing !== null, missing ?? '');
  phoneTest.describe.configure({ timeout: 120_000 });
  // The desk's updater pins this key and installs through this recorder (one test uses them).
  const key = makeUpdateKey();
  const installed: string[] = [];
  phoneTest.use({ updates: updaterConfig(key, installed) });

  phoneTest('a good update offered during a call waits out the call and wrap-up, then installs at sign-out', async ({ phone }) => {
    const { lab, peer } = phone;
    const page = phone.desk;
    const admin = await adminToken(lab);
    await signIn(phone);
    // Ready (示闲), so the institution hears every state the phone takes from here on.
    await page.getByTestId('phone-agent-state').selectOption('ready');
    await expect(page.getByTestId('phone-agent-reported')).toHaveText(text.reported('ready'), WAIT);
    await customerOnCall(phone);
    // The phone itself marks the call: its activity hold and the on-call state the institution heard.
    await expect(page.getByTestId('phone-agent-reported')).toHaveText(text.reported('on-call'), WAIT);

    // IT publishes a good release while the agent is on the call; the desk checks and gets it.
    const bytes = Buffer.from('ChannelDesk 0.2.0 AppImage '.repeat(4000));
    await publishRelease({ url: lab.institutionUrl, caCertPem: lab.caPem }, admin, { signed: signedRelease({ version: '0.2.0', platform: PLATFORM, bytes, key }), bytes });
    const checked = await desk(page, 'update.check()');
    expect(checked).toMatchObject({ ok: true, value: { state: 'ready', version: '0.2.0', waitingFor: 'call' } });
    const line = page.getByTestId('update-status');
    await expect(line).toHaveText(text.readyAfterCall('0.2.0'));
    expect(installed).toEqual([]);

    // The customer hangs up: wrap-up (话后整理) begins, the hold is gone, and still it waits.
    await peer.hangup();
    const wrapUp = page.getByTestId('phone-wrap-up');
    await expect(wrapUp).toBeVisible(WAIT);
    await expect(page.getByTestId('phone-agent-reported')).toHaveText(text.reported('wrap-up'), WAIT);
    await expect(line).toHaveText(text.readyAfterCall('0.2.0'));
    expect(await desk(page, 'update.status()')).toMatchObject({ ok: true, value: { state: 'ready', waitingFor: 'call' } });
    expect(installed).toEqual([]);

    // The agent records a disposition and finishes wrap-up: now it waits for a locked screen or sign-out.
    await page.getByTestId('phone-disposition').selectOption('answered');
    await page.getByTestId('phone-wrap-up-finish').click();
    await expect(wrapUp).toHaveCount(0, WAIT);
    await expect(line).toHaveText(text.readyWhenIdle('0.2.0'), WAIT);
    expect(installed).toEqual([]);

    await page.getByTestId('logout').click();
    await expect.poll(() => installed, WAIT).toEqual(['0.2.0']);
    // The institution's trail: the chain's signed events and its own record of the result.
    await expect.poll(() => storedEvents(lab, 'update.installed').map((e) => e.data), WAIT).toEqual([{ version: '0.2.0' }]);
    expect(storedEvents(lab, 'update.ready').map((e) => e.data['version'])).toEqual(['0.2.0']);
    await expect.poll(() => serverEvents({ lab, admin }), WAIT).toEqual(['0.2.0 scheduled', '0.2.0 installed']);
  });
});

test('a tampered and an older release are refused, and the refusals reach the institution audit trail', async ({ page }, testInfo) => {
  const rootDir = testInfo.outputPath('lab');
  const w = await world(rootDir);
  try {
    const server = { url: w.lab.institutionUrl, caCertPem: w.lab.caPem };
    // A compromised server (or anyone between it and IT) stretches the validity: the signature no longer holds.
    const bytes = Buffer.from('ChannelDesk 0.3.0');
    const tampered = signedRelease({ version: '0.3.0', platform: PLATFORM, bytes, key: w.key, tamper: (m) => ({ ...m, expiresAt: '2099-01-01T00:00:00.000Z' }) });
    await publishRelease(server, w.admin, { signed: tampered, bytes });
    await openAndLogin(page, w.lab.deskUrl, AGENT);
    expect(await desk(page, 'update.check()')).toMatchObject({ ok: true, value: { state: 'refused', reason: 'bad-signature' } });
    await expect(page.getByTestId('update-status')).toHaveText(text.refused);

    // IT halts it: nothing else is published, so nothing is offered.
    const halt = await httpsJson(apiUrl(w.lab.institutionUrl, '/admin/updates/releases/stable/0.3.0'), w.lab.caPem, { method: 'PATCH', bearer: w.admin, body: { halted: true } });
    expect(halt.status).toBe(200);
    expect(await desk(page, 'update.check()')).toMatchObject({ ok: true, value: { state: 'up-to-date', reason: 'halted' } });
    await expect(page.getByTestId('update-status')).toBeHidden();

    // With 0.3.0 halted the server falls back to the previous release: a validly signed 0.0.9,
    // older than the 0.1.0 the desk runs. The rollback floor refuses it.
    const older = Buffer.from('ChannelDesk 0.0.9');
    await publishRelease(server, w.admin, { signed: signedRelease({ version: '0.0.9', platform: PLATFORM, bytes: older, key: w.key }), bytes: older });
    expect(await desk(page, 'update.check()')).toMatchObject({ ok: true, value: { state: 'refused', version: '0.0.9', reason: 'downgrade' } });
    await expect(page.getByTestId('update-status')).toHaveText(text.refused);
    expect(w.installed).toEqual([]);

    // Both refusals reach the institution: the workstation's signed chain and the server's own record.
    await expect
      .poll(() => storedEvents(w.lab, 'update.refused').map((e) => e.data))
      .toEqual([
        { reason: 'bad-signature', version: null, floor: RUNNING },
        { reason: 'downgrade', version: '0.0.9', floor: RUNNING },
      ]);
    await expect.poll(() => serverEvents(w)).toEqual(['unknown refused bad-signature', '0.0.9 refused downgrade']);
  } finally {
    await w.lab.close();
  }
  await rm(rootDir, { recursive: true, force: true });
});
