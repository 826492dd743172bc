import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/phone.ts';

/**
 * Registration faults against the real telephony lab: the SBC dies and comes back, and the
 * profile's first SBC is dead. The phone must say what it is doing and register again by
 * itself. Bounded waits only; how long recovery took is printed, not asserted.
 */
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
