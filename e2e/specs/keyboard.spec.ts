import type { Locator, Page } from '@playwright/test';
import { AGENT } from '../fixtures/desk.ts';
import type { ElementLike, PageLike } from '../fixtures/dom-like.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * A keyboard-only first run at 1366 × 768: sign in, work, lock, unlock — every step by
 * keys alone, the focus always somewhere useful (never <body>) and visibly drawn.
 */
test.use({ viewport: { width: 1366, height: 768 } });

/** Focused and drawn: :focus-visible matches and the outline is really painted. */
async function expectVisibleFocus(locator: Locator): Promise<void> {
  await expect(locator).toBeFocused();
  const drawn = await locator.evaluate((node) => {
    const el = node as unknown as ElementLike;
    const style = (globalThis as unknown as PageLike).getComputedStyle(el);
    return el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  });
  expect(drawn).toBe(true);
}

const heading = (page: Page) => page.getByRole('main').getByRole('heading', { level: 1 });

test('keyboard only: login → workspace → lock → unlock, with visible focus and the focus where the work goes on', async ({ page, lab }) => {
  await page.goto(lab.deskUrl);
  await expectVisibleFocus(page.getByTestId('login-operator-id'));
  await page.keyboard.type(AGENT.id);
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page.getByTestId('login-password'));
  await page.keyboard.type(AGENT.password);
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page.getByTestId('login-submit'));
  await page.keyboard.press('Enter');

  // Signed in: the focus is on the workspace's heading, not on <body>.
  await expect(page.getByTestId('workspace')).toBeVisible();
  await expectVisibleFocus(heading(page));
  await expect(heading(page)).toHaveText('会话与安全');

  // Back through the workspace: the area nav (the last area first, down to 会话与安全), then the header's lock button.
  const areaButtons = page.getByRole('navigation').getByRole('button');
  for (let i = (await areaButtons.count()) - 1; i >= 0; i--) {
    await page.keyboard.press('Shift+Tab');
    await expectVisibleFocus(areaButtons.nth(i));
  }
  await expect(areaButtons.first()).toHaveText('会话与安全');
  await page.keyboard.press('Shift+Tab');
  const lockButton = page.getByRole('button', { name: '锁屏' });
  await expectVisibleFocus(lockButton);
  await page.keyboard.press('Enter');

  // Locked: the password field has the focus; Tab never reaches the (inert) workspace.
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  const password = page.getByTestId('unlock-password');
  await expectVisibleFocus(password);
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page.getByTestId('unlock-submit'));
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page.getByTestId('language-switch'));
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page.getByTestId('logout'));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expectVisibleFocus(password);

  // A wrong password: the lock screen's own words, the focus stays in the field.
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen').getByRole('alert')).toHaveText('密码错误，请重新输入。');
  await expectVisibleFocus(password);

  await page.keyboard.type(AGENT.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  // Back where the operator was when the screen locked.
  await expectVisibleFocus(lockButton);

  // The shortcut from wherever the focus is, and back there after unlock.
  await page.keyboard.press('Tab');
  const navItem = page.getByRole('navigation').getByRole('button', { name: '会话与安全' });
  await expectVisibleFocus(navItem);
  await page.keyboard.press('Control+Alt+KeyL');
  await expectVisibleFocus(password);
  await page.keyboard.type(AGENT.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await expectVisibleFocus(navItem);

  // A new ticket by keys alone: the focus follows each step, never left on <body>.
  await page.keyboard.press('Control+Alt+KeyN');
  await expectVisibleFocus(page.getByTestId('ticket-type-picker').getByRole('heading', { name: '选择工单类型' }));
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page.getByTestId('ticket-type').first());
  await page.keyboard.press('Enter');
  const form = page.getByTestId('ticket-form');
  await expectVisibleFocus(form.getByRole('heading', { level: 2 }));
  await form.getByTestId('ticket-form-close').focus();
  await page.keyboard.press('Enter');
  await expectVisibleFocus(page.getByTestId('ticket-new'));
  // Esc leaves the picker the same way.
  await page.keyboard.press('Enter');
  await expectVisibleFocus(page.getByTestId('ticket-type-picker').getByRole('heading', { name: '选择工单类型' }));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ticket-type-picker')).toHaveCount(0);
  await expectVisibleFocus(page.getByTestId('ticket-new'));
});
