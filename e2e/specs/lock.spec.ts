import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';

const UNLOCK_CHANNEL = '/__desk/invoke/session.unlock';

test('idle lock: the institution policy locks an idle workspace; only the right password unlocks it', async ({
  page,
  lab,
  adminApi,
}) => {
  // The institution sets the policy before the agent signs in: it arrives with the session.
  await adminApi.setPolicy({ idleLockSeconds: 2 });
  await openAndLogin(page, lab.deskUrl, AGENT);

  // No input from here on: the renderer's idle timer must fire by itself.
  const lockScreen = page.getByTestId('lock-screen');
  await expect(lockScreen).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('operator-name')).toBeHidden();

  // A wrong password: the desk answers, and the screen stays locked.
  await page.getByTestId('unlock-password').fill('not-the-password');
  const refused = page.waitForResponse((r) => r.url().endsWith(UNLOCK_CHANNEL));
  await page.getByTestId('unlock-submit').click();
  const refusedResult: unknown = await (await refused).json();
  expect(refusedResult).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
  await expect(lockScreen).toBeVisible();
  await expect(page.getByTestId('workspace')).toBeHidden();

  // The right password brings the same workspace back, no new login.
  await page.getByTestId('unlock-password').fill(AGENT.password);
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('workspace')).toBeVisible();
  await expect(page.getByTestId('operator-name')).toContainText(AGENT.displayName);
  await expect(page.getByTestId('login-operator-id')).toHaveCount(0);
});
