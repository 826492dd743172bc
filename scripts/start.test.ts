import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` on a machine without the Electron binary (this one): the institution
 * starts with demo data, the workstation is provisioned with a signed profile, and the
 * user is told in one sentence to run `npm run demo`.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'channeldesk-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start without an Electron binary', () => {
  it('starts the institution, provisions the workstation and points to the browser demo', () => {
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        CHANNELDESK_DATA_DIR: dataDir,
        CHANNELDESK_INSTITUTION_PORT: '0',
        ELECTRON_OVERRIDE_DIST_PATH: path.join(dataDir, 'no-electron-here'),
      },
    });
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
