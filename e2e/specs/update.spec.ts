import { rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { ServerEventPage } from '../../institution/contract/api.ts';
import { databasePath } from '../../institution/src/data-dir.ts';
import type { UpdateInstaller } from '../../electron/core/updates/updater.ts';
import { makeUpdateKey, publishRelease, signedRelease, type UpdateKey } from '../../electron/core/updates/testing/release-fixture.ts';
import { startLab, type Lab } from '../host/lab.ts';
import { httpsJson } from '../host/https-json.ts';
import { apiUrl, loginConsole } from '../fixtures/admin-api.ts';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { E2E_PASSWORD_HASHING, expect, test } from '../fixtures/lab.ts';

/**
 * Signed updates end to end: the Vite-built renderer in Chromium, the test host built from
 * main's parts with core's real updater, the real institution's update server. The call is
 * simulated the way the phone marks one: an activity hold through `activity.hold` (as
 * call-hold.ts takes it) and the phone's state reports (on-call → wrap-up → not-ready)
 * through `phone.report-state` — no SIP call is placed. The install is the host's recording
 * stand-in for main's installer (the real one needs the Electron binary).
 */
const RUNNING = '0.1.0';
const PLATFORM = 'linux-x64';
const text = {
  readyAfterCall: (v: string) => `更新 ${v} 已就绪 — 本次通话结束后安装`,
  readyWhenIdle: (v: string) => `更新 ${v} 已就绪 — 锁屏或退出登录时安装`,
  refused: '已拒绝一个未通过验证的更新，已记入审计',
};

interface World {
  lab: Lab;
  key: UpdateKey;
  installed: string[];
  admin: string;
}

async function world(rootDir: string): Promise<World> {
  const key = makeUpdateKey();
  const installed: string[] = [];
  const installer: UpdateInstaller = { install: (a) => (installed.push(a.version), Promise.resolve()) };
  const lab = await startLab({
    rootDir,
    passwordHashing: E2E_PASSWORD_HASHING,
    updates: { trustedKeys: key.trusted, runningVersion: RUNNING, installer, platform: PLATFORM, channel: 'stable', checkIntervalMs: 0 },
  });
  const admin = (await loginConsole(lab.institutionUrl, lab.caPem, { operatorId: 'ADM01', password: 'Admin#2026' })).accessToken;
  return { lab, key, installed, admin };
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

async function serverEvents(w: World): Promise<string[]> {
  const res = await httpsJson(apiUrl(w.lab.institutionUrl, `/admin/audit/workstations/${w.lab.workstationId}/server-events?limit=100`), w.lab.caPem, { bearer: w.admin });
  return ServerEventPage.parse(res.body).events.filter((e) => e.type === 'update-result').map((e) => e.detail);
}

test('a good update offered during a call is installed only after wrap-up, at sign-out', async ({ page }, testInfo) => {
  const rootDir = testInfo.outputPath('lab');
  const w = await world(rootDir);
  try {
    const bytes = Buffer.from('ChannelDesk 0.2.0 AppImage '.repeat(4000));
    await publishRelease({ url: w.lab.institutionUrl, caCertPem: w.lab.caPem }, w.admin, { signed: signedRelease({ version: '0.2.0', platform: PLATFORM, bytes, key: w.key }), bytes });
    await openAndLogin(page, w.lab.deskUrl, AGENT);

    // A call starts: the phone's hold and its state.
    const hold = await desk(page, `activity.hold({ reason: 'call' })`);
    expect(hold.ok).toBe(true);
    await desk(page, `phone.reportState({ state: 'on-call', reasonCode: null, callId: 'e2e-update-call-1' })`);

    const checked = await desk(page, 'update.check()');
    expect(checked).toMatchObject({ ok: true, value: { state: 'ready', version: '0.2.0', waitingFor: 'call' } });
    const line = page.getByTestId('update-status');
    await expect(line).toHaveText(text.readyAfterCall('0.2.0'));

    // The call ends, wrap-up begins: still waiting.
    await desk(page, `activity.release(${JSON.stringify(hold.value)})`);
    await desk(page, `phone.reportState({ state: 'wrap-up', reasonCode: null, callId: 'e2e-update-call-1' })`);
    await expect(line).toHaveText(text.readyAfterCall('0.2.0'));
    expect(w.installed).toEqual([]);

    // Wrap-up done (the agent takes a break): now it waits for a quiet moment or sign-out.
    const codes = await desk(page, 'phone.codes()');
    const reason = (codes.value as { notReadyReasons: { code: string }[] }).notReadyReasons[0]?.code ?? null;
    await desk(page, `phone.reportState({ state: 'not-ready', reasonCode: ${JSON.stringify(reason)}, callId: null })`);
    await expect(line).toHaveText(text.readyWhenIdle('0.2.0'));
    expect(w.installed).toEqual([]);

    await page.getByTestId('logout').click();
    await expect.poll(() => w.installed).toEqual(['0.2.0']);
    // The institution's trail: the chain's signed events and its own record of the result.
    await expect.poll(() => storedEvents(w.lab, 'update.installed').map((e) => e.data)).toEqual([{ version: '0.2.0' }]);
    expect(storedEvents(w.lab, 'update.ready').map((e) => e.data['version'])).toEqual(['0.2.0']);
    await expect.poll(() => serverEvents(w)).toEqual(['0.2.0 scheduled', '0.2.0 installed']);
  } finally {
    await w.lab.close();
  }
  await rm(rootDir, { recursive: true, force: true });
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
