import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/phone.ts';

/**
 * Registration faults against the real telephony lab: the SBC dies and comes back, and the
 * profile's first SBC is dead. The phone must say what it is doing and register again by
 * itself. Bounded waits only; how long recovery took is printed, not asserted.
 */
// Two labs and a browser per test, on a loaded 2-core machine: room beyond the suite's 60 s (waits inside stay bounded).
test.describe.configure({ timeout: 120_000 });

test('the SBC is killed and restarted: the call bar shows the outage and the phone re-registers by itself', async ({ phone }) => {
  const { desk, lab, telephony } = phone;
  await openAndLogin(desk, lab.deskUrl, AGENT);
  const registration = desk.getByTestId('phone-registration');
  await expect(registration).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });

  await telephony.killKamailio();
  await expect(registration).not.toHaveAttribute('data-state', 'registered', { timeout: 15_000 });
  await expect(desk.getByTestId('phone-registration-problem')).toHaveText('网络中断，正在重连');

  const restartedAt = Date.now();
  await telephony.restartKamailio();
  await expect(registration).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  await expect(registration).toContainText('已注册');
  await expect(desk.getByTestId('phone-registration-problem')).toHaveCount(0);
  test.info().annotations.push({ type: 'measured', description: `re-registered ${Date.now() - restartedAt} ms after Kamailio was healthy again` });
});

test.describe('a dead SBC first in the profile', () => {
  test.use({ deadPrimarySbc: true });

  test('the phone fails over to the next SBC and registers there', async ({ phone }) => {
    const { desk, lab, telephony } = phone;
    const started = Date.now();
    await openAndLogin(desk, lab.deskUrl, AGENT);
    const registration = desk.getByTestId('phone-registration');
    await expect(registration).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
    await expect(registration).toHaveAttribute('data-server', telephony.wssUrl);
    test.info().annotations.push({ type: 'measured', description: `registered on the second SBC ${Date.now() - started} ms after opening the desk` });
  });
});

test.describe('short-lived credentials', () => {
  test.use({ credentialTtlSeconds: 60 });

  test('renewed before they expire: still registered, and a call placed after the first credentials expired goes through', async ({ phone }) => {
    test.setTimeout(150_000);
    const { desk, lab, peer } = phone;
    let fetched = 0;
    desk.on('request', (request) => {
      if (new URL(request.url()).pathname === '/__desk/invoke/phone.credentials') fetched += 1;
    });
    await openAndLogin(desk, lab.deskUrl, AGENT);
    const registration = desk.getByTestId('phone-registration');
    await expect(registration).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
    const firstExpiry = Date.now() + 60_000;

    // Renewed at half of a 60 s lifetime; wait (bounded) until it happened.
    await expect.poll(() => fetched, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect(registration).toHaveAttribute('data-state', 'registered');

    // Past the first credentials' expiry the SBC refuses them (403): a new INVITE proves the new ones are in use.
    await desk.waitForTimeout(Math.max(0, firstExpiry - Date.now()) + 2_000);
    await expect(registration).toHaveAttribute('data-state', 'registered');
    await desk.getByTestId('phone-number').fill(peer.user);
    await desk.getByTestId('phone-dial').click();
    await expect.poll(async () => (await peer.status()).call, { timeout: 20_000 }).toBe('ringing');
    await peer.answer();
    await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', { timeout: 20_000 });
    await desk.getByTestId('phone-hangup').click();
    await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
  });
});
