/**
 * The harness itself: a clear sentence when the Debian packages are missing, nothing left
 * behind by close(), and Kamailio killed like a crash coming back healthy on the same ports.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAB_INSTALL_COMMAND, TelephonyLabUnavailableError } from './preflight.ts';
import { startTelephonyLab } from './telephony.ts';
import { agent, closeAgents, operatorId, TEST_SECRET } from './testing/fixture.ts';

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startTelephonyLab', () => {
  it('names the missing binary and the apt command when Kamailio is not installed', async () => {
    const attempt = startTelephonyLab({ secret: TEST_SECRET, binaries: { kamailio: '/nonexistent/sbin/kamailio' } });
    await expect(attempt).rejects.toBeInstanceOf(TelephonyLabUnavailableError);
    await expect(attempt).rejects.toThrow(/\/nonexistent\/sbin\/kamailio \(package kamailio\)/);
    await expect(attempt).rejects.toThrow(LAB_INSTALL_COMMAND);
    expect(LAB_INSTALL_COMMAND).toBe('apt-get install kamailio kamailio-websocket-modules kamailio-tls-modules kamailio-autheph-modules rtpengine-daemon sip-tester');
  });

  it('refuses a secret the config cannot carry safely', async () => {
    await expect(startTelephonyLab({ secret: 'short"secret' })).rejects.toThrow(/secret/);
  });

  it('close() stops Kamailio (all workers) and rtpengine and removes the work dir', async () => {
    const lab = await startTelephonyLab({ secret: TEST_SECRET });
    const pid = lab.kamailioPid();
    expect(alive(pid)).toBe(true);
    expect(existsSync(lab.workDir)).toBe(true);
    await lab.close();
    expect(alive(pid)).toBe(false);
    // The process group is gone too: no worker still holds the ports.
    expect(() => process.kill(-(pid ?? 0), 0)).toThrow();
    expect(existsSync(lab.workDir)).toBe(false);
    expect(await lab.healthy()).toBe(false);
  });

  it('Kamailio killed (SIGKILL) and restarted by the harness is healthy again on the same URLs; agents re-register', async () => {
    const lab = await startTelephonyLab({ secret: TEST_SECRET });
    try {
      const id = operatorId();
      const first = await agent(lab, id);
      const before = lab.kamailioPid();
      await lab.killKamailio('SIGKILL');
      expect(alive(before)).toBe(false);
      expect(await lab.healthy()).toBe(false);
      expect(await first.closedWithin(5000)).toBe(true);

      await lab.restartKamailio();
      expect(await lab.healthy()).toBe(true);
      expect(lab.kamailioPid()).not.toBe(before);
      // In-memory registrar: the old registration is gone, a new one on the same URL works.
      expect(JSON.stringify(await lab.rpc('ul.dump'))).not.toContain(`"AoR":"${id}"`);
      await agent(lab, id);
      expect(JSON.stringify(await lab.rpc('ul.dump'))).toContain(`"AoR":"${id}"`);
    } finally {
      closeAgents();
      await lab.close();
    }
  });
});
