import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LAB_INSTALL_COMMAND, locateLabBinaries } from '../e2e/lab/preflight.ts';

/**
 * `npm start` on a machine without the Electron binary (this one): the institution
 * starts with demo data, the workstation is provisioned with a signed profile, and the
 * user is told in one sentence to run `npm run demo`.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'channeldesk-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function runStart(dir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['scripts/start.mjs'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      CHANNELDESK_DATA_DIR: dir,
      CHANNELDESK_INSTITUTION_PORT: '0',
      ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here'),
      ...env,
    },
  });
}

/** Whether something still accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let labInstalled = true;
try {
  locateLabBinaries();
} catch {
  labInstalled = false;
}

describe('npm start without an Electron binary', () => {
  it('starts the institution, provisions the workstation and points to the browser demo', () => {
    // Without the telephony lab (Kamailio pointed at a missing file): the case below covers it.
    const result = runStart(dataDir, { CHANNELDESK_LAB_KAMAILIO: path.join(dataDir, 'no-kamailio-here') });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Institution API: https:\/\/127\.0\.0\.1:\d+/);
    const sentences = result.stdout.split('\n').filter((line) => line.includes('npm run demo'));
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toContain('Electron binary is not installed');
    const config = JSON.parse(readFileSync(path.join(dataDir, 'workstation', 'workstation.json'), 'utf8'));
    expect(config.workstationId).toBe('WS-LOCAL-01');
    // Registered with the institution: the one-time code the desktop enrolls with at start.
    expect(config.enrollmentCode).toMatch(/^[A-Z2-7]{26}$/);
    expect(result.stdout).not.toContain(config.enrollmentCode);
    const db = new Database(path.join(dataDir, 'institution', 'institution.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT code_hash, used_at FROM workstation_registrations WHERE workstation_id = ?').get('WS-LOCAL-01');
      expect(row).toEqual({ code_hash: createHash('sha256').update(config.enrollmentCode).digest('hex'), used_at: null });
    } finally {
      db.close();
    }
    const profile = JSON.parse(readFileSync(path.join(dataDir, 'workstation', 'site-profile.json'), 'utf8'));
    expect(profile.signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(existsSync(path.join(dataDir, 'institution', 'institution.sqlite'))).toBe(true);
  });
});

describe('npm start and the telephony lab', () => {
  it('without Kamailio: one sentence says how to install it, and the profile names no SBC', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'channeldesk-start-nolab-'));
    try {
      const result = runStart(dir, { CHANNELDESK_LAB_KAMAILIO: path.join(dir, 'no-kamailio-here') });
      expect(result.status).toBe(0);
      const sentences = result.stdout.split('\n').filter((line) => line.includes('apt-get install'));
      expect(sentences).toHaveLength(1);
      expect(sentences[0]).toContain(`install it with: sudo ${LAB_INSTALL_COMMAND}`);
      expect(sentences[0]).toContain('no-kamailio-here');
      const profile = JSON.parse(readFileSync(path.join(dir, 'workstation', 'site-profile.json'), 'utf8'));
      expect(profile.profile.sip.wss).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it.skipIf(!labInstalled)('with Kamailio: the lab starts, the signed profile names and pins its WSS, and it stops with start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'channeldesk-start-lab-'));
    try {
      const result = runStart(dir);
      expect(result.status, result.stderr).toBe(0);
      const line = result.stdout.split('\n').find((l) => l.includes('Telephony lab:'));
      const wssUrl = /Telephony lab: (wss:\/\/127\.0\.0\.1:\d+)/.exec(line ?? '')?.[1];
      expect(wssUrl).toBeDefined();
      const profile = JSON.parse(readFileSync(path.join(dir, 'workstation', 'site-profile.json'), 'utf8'));
      expect(profile.profile.sip.wss).toEqual([{ url: wssUrl, weight: 10 }]);
      // The lab's WSS carries the institution's dev certificate, which the profile pins.
      expect(profile.profile.sip.pins).toEqual(profile.profile.pins);
      // Kamailio was a child: nothing listens on its WSS port once start has exited.
      expect(await listening(Number(new URL(wssUrl as string).port))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
