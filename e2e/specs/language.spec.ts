import { openAndLogin, text } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';
import { readPageState } from '../fixtures/page-state.ts';

test('language: switch to en-US, kept by the desk core across a reload and a fresh browser, switch back to zh-CN', async ({
  page,
  lab,
  browser,
}) => {
  await openAndLogin(page, lab.deskUrl);
  const languageSwitch = page.getByTestId('language-switch');
  const logout = page.getByTestId('logout');
  await expect(languageSwitch).toHaveValue('zh-CN');
  await expect(logout).toHaveText(text['zh-CN']['status.logout']);

  /** Switches and waits until the desk core has stored the choice. */
  const choose = async (language: 'zh-CN' | 'en-US') => {
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/__desk/invoke/settings.set');
    await languageSwitch.selectOption(language);
    expect(await (await saved).json()).toEqual({ ok: true, value: { language } });
  };

  await choose('en-US');
  await expect(logout).toHaveText(text['en-US']['status.logout']);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page.getByTestId('workspace')).not.toContainText(text['zh-CN']['overview.heading']);

  // The choice is a desk setting kept by the core, not by the page: a reload keeps it
  // while the page's web storage stays empty.
  await page.reload();
  await expect(page.getByTestId('workspace')).toBeVisible();
  await expect(languageSwitch).toHaveValue('en-US');
  await expect(logout).toHaveText(text['en-US']['status.logout']);
  expect((await readPageState(page)).localStorageKeys).toEqual([]);

  // A browser context that never saw the switch (as after a desktop restart, whose
  // partition lives in memory) gets the same language from the core.
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(lab.deskUrl);
    await expect(other.getByTestId('language-switch')).toHaveValue('en-US');
    await expect(other.locator('html')).toHaveAttribute('lang', 'en-US');
  } finally {
    await fresh.close();
  }

  await choose('zh-CN');
  await expect(logout).toHaveText(text['zh-CN']['status.logout']);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.reload();
  await expect(languageSwitch).toHaveValue('zh-CN');
});
