import type { Page } from '@playwright/test';
import { AGENT, openAndLogin, type DemoOperator } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';
import { ticketConsole } from '../fixtures/tickets-console.ts';

/**
 * Processing tickets end to end (Chromium + the test host's real core + the real
 * institution): an agent's list pages by the institution's cursor (50, then 加载更多) and
 * filters by status and type, live as a status changes at the institution; a supervisor sees
 * the ticket's history (filed, status change with names) and assigns it from the picker of
 * eligible staff by keyboard — the institution records the assignment in the history; then
 * searches the list by the handler's name and by the type's name (GET /tickets?q=).
 */
test.describe.configure({ timeout: 240_000 });

const WAIT = { timeout: 30_000 };
const SUPERVISOR: DemoOperator = { id: 'S2001', displayName: '张伟', password: 'Super#2026' };
const COMPLAINT = { typeId: 'bank-complaint', typeVersion: 1, data: { customerName: '陈先生', contactPhone: '010-62345678', category: 'fees', description: '年费重复收取' } };
const APPOINTMENT = { typeId: 'bank-appointment', typeVersion: 1, data: { customerName: '刘女士', mobile: '13912345678', service: 'wealth-advice', branch: '浦东分行营业部', date: '2026-12-03', slot: 'am' } };

/** Files through the desk as the form's submit does (no sensitive fields in these types). */
async function fileMany(page: Page, ticket: object, count: number): Promise<void> {
  const failed = await page.evaluate(`(async () => {
    const failed = [];
    for (let i = 0; i < ${count}; i += 1) {
      const r = await window.desk.tickets.submit(${JSON.stringify(ticket)});
      if (!r.ok) failed.push(r.error.code);
    }
    return failed;
  })()`);
  expect(failed).toEqual([]);
}

const rows = (page: Page) => page.getByTestId('ticket-row');

test('list pages and filters live; a supervisor reads the history and assigns from the picker by keyboard', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl, AGENT);
  await fileMany(page, COMPLAINT, 51);
  await fileMany(page, APPOINTMENT, 1);
  await page.getByRole('navigation').getByRole('button', { name: '工单' }).click();
  await expect(page.locator('[data-testid="ticket-row"][data-state="new"]')).toHaveCount(50, WAIT);
  await expect(page.getByTestId('ticket-outbox-status')).toHaveCount(0, WAIT);

  // ---- 加载更多: the institution's next page, every ticket once; the first new row takes the focus.
  await page.getByTestId('tickets-load-more').click();
  await expect(rows(page)).toHaveCount(52, WAIT);
  await expect(page.getByTestId('tickets-end')).toHaveText('已显示全部工单。');
  const ids = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket-id')));
  expect(new Set(ids).size).toBe(52);
  await expect(rows(page).nth(50)).toBeFocused();

  // ---- A status change at the institution shows live, on an older row too; then the filters.
  const staff = await ticketConsole(lab);
  const oldest = ids[51] ?? '';
  await staff.transition(oldest, 'in_progress');
  await expect(page.locator(`[data-testid="ticket-row"][data-ticket-id="${oldest}"]`)).toHaveAttribute('data-state', 'in_progress', WAIT);
  await expect(rows(page)).toHaveCount(52);
  await page.getByTestId('ticket-filter-status').selectOption('in_progress');
  await expect(rows(page)).toHaveCount(1, WAIT);
  await expect(rows(page).first()).toHaveAttribute('data-ticket-id', oldest);
  await page.getByTestId('ticket-filter-status').selectOption('');
  await page.getByTestId('ticket-filter-type').selectOption('bank-appointment');
  await expect(rows(page)).toHaveCount(1, WAIT);
  await expect(rows(page).first()).toContainText('预约');
  await expect(page.getByTestId('tickets-end')).toBeVisible();

  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-submit')).toBeVisible(WAIT);

  // ---- The supervisor opens the ticket: its history, then assignment from the picker, by keyboard.
  await openAndLogin(page, lab.deskUrl, SUPERVISOR);
  await page.getByRole('navigation').getByRole('button', { name: '工单' }).click();
  await page.getByTestId('ticket-filter-status').selectOption('in_progress');
  await page.locator(`[data-testid="ticket-row"][data-ticket-id="${oldest}"]`).click();
  const history = page.getByTestId('ticket-history-entry');
  await expect(history).toHaveCount(2, WAIT);
  await expect(history.nth(0)).toContainText('王小明（A1001）提交了工单');
  await expect(history.nth(1)).toContainText('陈静（ADM01）将状态由“新建”改为“处理中”');

  const picker = page.getByTestId('ticket-assignee');
  await expect(picker.locator('option')).toHaveText(['请选择处理人', '陈静（ADM01）', '张伟（S2001）'], WAIT);
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await expect(picker).toHaveValue('ADM01');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('ticket-assign-submit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-assignee-value')).toHaveText('陈静（ADM01）', WAIT);
  await expect(history).toHaveCount(3, WAIT);
  await expect(history.nth(2)).toContainText('张伟（S2001）分派给陈静（ADM01）');

  // ---- Search (GET /tickets?q=): by the handler's name, then by the type's name, narrows the 52; Escape clears.
  await page.getByTestId('ticket-back').click();
  await page.getByTestId('ticket-filter-status').selectOption('');
  await expect(rows(page)).toHaveCount(50, WAIT);
  const search = page.getByLabel('搜索工单');
  await search.focus();
  await page.keyboard.type('陈静');
  await page.keyboard.press('Enter');
  await expect(rows(page)).toHaveCount(1, WAIT);
  await expect(rows(page).first()).toHaveAttribute('data-ticket-id', oldest);
  await search.fill('预约');
  await page.keyboard.press('Enter');
  await expect(rows(page)).toHaveCount(1, WAIT);
  await expect(rows(page).first()).toContainText('预约');
  await expect(rows(page).first()).not.toHaveAttribute('data-ticket-id', oldest);
  await search.fill('没有这个客户');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tickets-empty')).toHaveText('没有匹配的工单', WAIT);
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(rows(page)).toHaveCount(50, WAIT);
});
