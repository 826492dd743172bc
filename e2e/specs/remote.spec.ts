import { AGENT, openAndLogin, text } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';

test.describe('remote management by the institution, applied live', () => {
  test('disabling the logged-in operator sends the desktop back to the login screen', async ({ page, lab, adminApi }) => {
    await openAndLogin(page, lab.deskUrl, AGENT);

    await adminApi.disableOperator(AGENT.id);
    // The requirement is "within 2 s" of the institution's change: the bound counts from the API call's return.
    const reason = page.getByTestId('logged-out-reason');
    await expect(reason).toBeVisible({ timeout: 2_000 });
    await expect(reason).toHaveText(text['zh-CN']['loggedOut.operator-disabled']);
    await expect(page.getByTestId('login-operator-id')).toBeVisible();
    await expect(page.getByTestId('workspace')).toHaveCount(0);
  });

  test('a new idle-lock policy reaches the connected desktop without a new login', async ({ page, lab, adminApi }) => {
    await openAndLogin(page, lab.deskUrl, AGENT);
    const lockScreen = page.getByTestId('lock-screen');
    // The seeded policy locks only after minutes: the desktop shows it, and is not locked.
    const seeded = await adminApi.policy();
    expect(seeded.idleLockSeconds).toBeGreaterThan(60);
    await expect(page.getByTestId('workspace')).toContainText(
      text['zh-CN']['overview.idleLockValue'].replace('{seconds}', String(seeded.idleLockSeconds)),
    );
    await expect(lockScreen).toHaveCount(0);

    await adminApi.setPolicy({ idleLockSeconds: 2 });
    await expect(lockScreen).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('workspace')).toBeHidden();
    await expect(page.getByTestId('login-operator-id')).toHaveCount(0);
  });
});
