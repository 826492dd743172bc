import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import readline from 'node:readline';
import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../e2e/fixtures/chromium.ts';
import { locateLabBinaries } from '../e2e/lab/preflight.ts';

/**
 * `npm run demo` with the telephony lab installed: the banner names the lab's WSS and the
 * Chromium flags the phone needs — a Chromium started with them signs the demo agent in and
 * its phone registers —, and everything the demo started — institution, desk host,
 * Kamailio and rtpengine — stops with it, even when the demo process is killed outright
 * (SIGKILL: no handler runs; the host sees its stdin close).
 */
let labInstalled = true;
try {
  locateLabBinaries();
} catch {
  labInstalled = false;
}

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

describe('npm run demo and the telephony lab', () => {
  it.skipIf(!labInstalled)('starts the lab with the demo, says how to open the browser for it, and stops it when the demo is killed', async () => {
    const demo = spawn(process.execPath, ['scripts/demo.mjs'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const banner: string[] = [];
    try {
      const lines = readline.createInterface({ input: demo.stdout });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${banner.join('\n')}`)), 60_000);
        lines.on('line', (line) => {
          banner.push(line);
          if (line.includes('Press Ctrl+C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        demo.once('exit', () => reject(new Error(`demo exited:\n${banner.join('\n')}`)));
      });
    } catch (error) {
      demo.kill('SIGKILL');
      throw error;
    }
    const text = banner.join('\n');
    const wss = /Telephony lab \(Kamailio \+ rtpengine\): wss:\/\/127\.0\.0\.1:(\d+)/.exec(text);
    const desk = /Open in Chromium or Chrome: +http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
    const institution = /Institution API \(HTTPS, lab CA\): +https:\/\/127\.0\.0\.1:(\d+)/.exec(text);
    expect(wss, text).not.toBeNull();
    expect(text).toMatch(/--ignore-certificate-errors-spki-list=[A-Za-z0-9+/]{43}= --allow-loopback-in-peer-connection http:\/\/127\.0\.0\.1:\d+\/#key=/);
    const ports = [wss, desk, institution].map((m) => Number(m?.[1]));
    for (const port of ports) expect(await listening(port), `port ${port} while the demo runs`).toBe(true);

    // A browser started the way the banner says: the agent signs in and the phone registers with the lab.
    const command = /chromium --user-data-dir=\S+ (.+) (http:\/\/127\.0\.0\.1:\d+\/#key=\S+)/.exec(text);
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...(command?.[1] ?? '').split(' ')] });
    try {
      expect(command, text).not.toBeNull();
      const page = await browser.newPage();
      await page.goto(command?.[2] ?? '');
      await page.getByTestId('login-operator-id').fill('A1001');
      await page.getByTestId('login-password').fill('Agent#2026');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('phone-registration').and(page.locator('[data-state="registered"]')).waitFor({ timeout: 30_000 });
    } catch (error) {
      demo.kill('SIGKILL');
      throw error;
    } finally {
      await browser.close();
    }

    demo.kill('SIGKILL');
    await expect.poll(async () => (await Promise.all(ports.map(listening))).some(Boolean), { timeout: 20_000 }).toBe(false);
  }, 180_000);
});
