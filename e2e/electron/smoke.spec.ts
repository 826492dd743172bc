import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { startTestInstitution } from '../../electron/core/desk-core.harness.ts';

/**
 * Electron smoke: the real bundle (dist/electron/main.cjs) in a real Electron binary,
 * checking what only a running Electron can show — that the webPreferences took effect.
 * Runs where a binary exists (ELECTRON_OVERRIDE_DIST_PATH, or one downloaded into
 * node_modules/electron/dist); elsewhere it is skipped with the reason printed. It does not
 * count as coverage on machines without a binary (see README).
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainBundle = path.join(repoRoot, 'dist', 'electron', 'main.cjs');

function executableName(): string {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return path.join('Electron.app', 'Contents', 'MacOS', 'Electron');
  return 'electron';
}

/** The Electron executable, or why there is none. Never downloads (require('electron') would). */
function findElectron(): { executable: string } | { reason: string } {
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const executable = path.join(override, executableName());
    return existsSync(executable) ? { executable } : { reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${executable} does not exist` };
  }
  const pathFile = path.join(repoRoot, 'node_modules', 'electron', 'path.txt');
  if (existsSync(pathFile)) {
    const executable = path.join(repoRoot, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(executable)) return { executable };
  }
  return { reason: 'no Electron binary: set ELECTRON_OVERRIDE_DIST_PATH or let the electron package download its binary' };
}

test('the desk window runs sandboxed, isolated, with only a frozen window.desk', async () => {
  const found = findElectron();
  if ('reason' in found) {
    console.log(`electron smoke skipped: ${found.reason}`);
    test.skip(true, found.reason);
    return;
  }
  expect(existsSync(mainBundle), 'build first: npm run build').toBe(true);

  const institution = await startTestInstitution();
  const dir = mkdtempSync(path.join(tmpdir(), 'desk-electron-smoke-'));
  try {
    const profile = await institution.call('GET', '/site-profile');
    expect(profile.status).toBe(200);
    writeFileSync(path.join(dir, 'profile.json'), JSON.stringify(profile.body));
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ [institution.server.profileKeyId]: institution.server.profilePublicKeyPem }));
    writeFileSync(path.join(dir, 'ca.pem'), institution.server.caCertPem);
    writeFileSync(
      path.join(dir, 'workstation.json'),
      JSON.stringify({
        workstationId: 'WS-SMOKE-01',
        profilePath: 'profile.json',
        trustedKeysPath: 'keys.json',
        caPath: 'ca.pem',
        dataDir: 'data',
        // CI machines rarely run a key ring; allowed only because this run is unpackaged.
        allowPlaintextKeyStore: true,
      }),
    );

    const app = await electron.launch({
      executablePath: found.executable,
      args: [mainBundle, `--user-data-dir=${path.join(dir, 'user-data')}`, '--config', path.join(dir, 'workstation.json')],
      timeout: 30_000,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toBe('app://desk/index.html');
      const seen = await page.evaluate(() => {
        const desk = (globalThis as unknown as { desk?: Record<string, unknown> }).desk;
        return {
          require: typeof (globalThis as { require?: unknown }).require,
          process: typeof (globalThis as { process?: unknown }).process,
          module: typeof (globalThis as { module?: unknown }).module,
          desk: typeof desk,
          frozen: desk !== undefined && Object.isFrozen(desk) && Object.values(desk).every((d) => Object.isFrozen(d)),
          domains: desk ? Object.keys(desk).sort() : [],
        };
      });
      expect(seen).toEqual({
        require: 'undefined',
        process: 'undefined',
        module: 'undefined',
        desk: 'object',
        frozen: true,
        domains: ['audit', 'policy', 'session', 'settings'],
      });
    } finally {
      await app.close();
    }
  } finally {
    await institution.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
