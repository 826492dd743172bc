import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';

const UNLOCK_CHANNEL = '/__desk/invoke/session.unlock';

test('idle lock: core locks an idle workspace at the policy time; only the right password unlocks it', async ({
  page,
  lab,
  adminApi,
}) => {
  // The institution sets the policy before the agent signs in: it arrives with the session.
  await adminApi.setPolicy({ idleLockSeconds: 2 });
  const invoked: string[] = [];
  page.on('request', (r) => {
    const channel = new URL(r.url()).pathname.match(/^\/__desk\/invoke\/(.+)$/)?.[1];
    if (channel) invoked.push(channel);
  });
  await openAndLogin(page, lab.deskUrl, AGENT);

  // No input from here on: the page sends no heartbeat, and core's idle timer locks.
  const lockScreen = page.getByTestId('lock-screen');
  await expect(lockScreen).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('operator-name')).toBeHidden();
  // The lock came from core (the session.changed event), not from a renderer call.
  expect(invoked).not.toContain('session.lock');

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

  // An operator at work is not locked: input becomes heartbeats, and core keeps waiting.
  // Three idle periods of moving the pointer, then hands off: core locks again.
  const heartbeatsBefore = invoked.filter((c) => c === 'activity.report').length;
  for (let i = 0; i < 30; i += 1) {
    await page.mouse.move(100 + (i % 2) * 40, 200);
    await page.waitForTimeout(200);
  }
  await expect(lockScreen).toBeHidden();
  expect(invoked.filter((c) => c === 'activity.report').length).toBeGreaterThan(heartbeatsBefore);
  await expect(lockScreen).toBeVisible({ timeout: 15_000 });
  expect(invoked).not.toContain('session.lock');
});
