import { openAndLogin, text } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';

test('language: switch to en-US, survive a reload, switch back to zh-CN', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl);
  const languageSwitch = page.getByTestId('language-switch');
  const logout = page.getByTestId('logout');
  await expect(languageSwitch).toHaveValue('zh-CN');
  await expect(logout).toHaveText(text['zh-CN']['status.logout']);

  await languageSwitch.selectOption('en-US');
  await expect(logout).toHaveText(text['en-US']['status.logout']);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page.getByTestId('workspace')).not.toContainText(text['zh-CN']['overview.heading']);

  // The choice is a local setting: a reload keeps it (the session lives in the desk core, not the page).
  await page.reload();
  await expect(page.getByTestId('workspace')).toBeVisible();
  await expect(languageSwitch).toHaveValue('en-US');
  await expect(logout).toHaveText(text['en-US']['status.logout']);

  await languageSwitch.selectOption('zh-CN');
  await expect(logout).toHaveText(text['zh-CN']['status.logout']);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
