import type { Page } from '@playwright/test';
import { AGENT, TOTP_AGENT, fillLogin, openAndLogin, text } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * What a new user noticed on a first run, against the real institution (demo seed):
 * the words on the shell, in zh-CN and en-US.
 */
async function lockFromHeader(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
}

test('zh-CN: team by name, agent words on the status bar, versions, and the lock screen says the password is wrong', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl, AGENT);
  const main = page.getByRole('main');
  // The institution sends the team's name with its id; the agent reads the name.
  await expect(main).toContainText('信用卡客服一组');
  await expect(main).not.toContainText('team-1');

  await expect(page.getByTestId('audit-backlog')).toHaveText(/^待同步记录：\d+$/);
  await expect(page.getByTestId('connection-status')).toHaveText(text['zh-CN']['status.connection'].replace('{state}', '在线'));
  // The browser host has neither Electron nor a Chromium it can vouch for: it says so.
  await expect(page.getByTestId('app-version')).toHaveText(/^版本 \S+ · 浏览器演示$/);

  await lockFromHeader(page, '锁屏');
  await page.getByTestId('unlock-password').fill('not-the-password');
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('lock-screen').getByRole('alert')).toHaveText('密码错误，请重新输入。');
});

test('en-US: the same shell in English', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl, AGENT);
  await page.getByTestId('language-switch').selectOption('en-US');
  await expect(page.getByTestId('audit-backlog')).toHaveText(/^Records waiting to sync: \d+$/);
  await expect(page.getByTestId('app-version')).toHaveText(/^Version \S+ · browser demo$/);
  await expect(page.getByRole('main')).toContainText('Team');

  await lockFromHeader(page, 'Lock');
  await page.getByTestId('unlock-password').fill('not-the-password');
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('lock-screen').getByRole('alert')).toHaveText('Wrong password. Try again.');
});

test('the signed-out notice leaves at the next attempt: not on the TOTP step, not above a new error', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl, AGENT);
  await page.getByTestId('logout').click();
  const notice = page.getByTestId('logged-out-reason');
  await expect(notice).toHaveText(text['zh-CN']['loggedOut.user']);

  // An operator with TOTP: the code step shows no notice from the last session.
  await fillLogin(page, TOTP_AGENT);
  await expect(page.getByTestId('totp-code')).toBeVisible();
  await expect(notice).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('login-password')).toBeVisible();
  await expect(notice).toHaveCount(0);

  // A failed attempt: only its own error.
  await fillLogin(page, { id: AGENT.id, password: 'not-the-password' });
  await expect(page.getByTestId('login-error')).toHaveText(text['zh-CN']['error.invalid_credentials']);
  await expect(notice).toHaveCount(0);
});
