/**
 * Writes the README's ticket screenshots (docs/screenshot-tickets-*.png,
 * docs/screenshot-ticket-form-*.png, docs/screenshot-ticket-processing-*.png and docs/screenshot-ticket-history-*.png;
 * also screenshot-ticket-undeliverable-*, screenshot-ticket-refill-* (重新填写) and screenshot-tickets-staff-* (handlers by name))
 * at 1366 × 768 and 1920 × 1080 in zh-CN and en-US:
 * an agent's list (a card-loss report filed through the form, a complaint with its due date,
 * an appointment in progress, one resolved) and an admin's view of the card-loss report
 * (masked fields with 查看明文, processing with the assignee picker, record, history). The browser demo lab is enough.
 * Run after building the renderer:
 *
 *   npm run build:renderer && npx node e2e/tickets-screenshot.ts [outDir]
 *
 * Look at every picture before committing it.
 */
import path from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { luhnCheckDigit, residentIdCheckChar } from '../institution/contract/ticket-formats.ts';
import { ADMIN_ID, ADMIN_PASSWORD } from './fixtures/admin-api.ts';
import { chromiumArgs, chromiumPath } from './fixtures/chromium.ts';
import { AGENT, openAndLogin } from './fixtures/desk.ts';
import { ticketConsole } from './fixtures/tickets-console.ts';
import { repoRoot, startLab } from './host/lab.ts';
import { SCREENSHOT_SIZES, shootAll } from './fixtures/screenshots.ts';

const outDir = process.argv[2] ?? path.join(repoRoot, 'docs');
const shoot = (page: Page, name: string) => shootAll(page, name, outDir);

/** Files straight through the desk (what the form's submit calls), for tickets without sensitive fields. */
async function submit(page: Page, ticket: { typeId: string; data: Record<string, unknown> }): Promise<void> {
  const result = await page.evaluate(`(async () => await window.desk.tickets.submit(${JSON.stringify({ typeVersion: 1, ...ticket })}))()`);
  if ((result as { ok: boolean }).ok !== true) throw new Error(`submit ${ticket.typeId}: ${JSON.stringify(result)}`);
}

const lab = await startLab();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
try {
  const agent = await browser.newPage({ viewport: SCREENSHOT_SIZES[0] });
  await openAndLogin(agent, lab.deskUrl, AGENT);
  await submit(agent, { typeId: 'bank-appointment', data: { customerName: '刘女士', mobile: '13912345678', service: 'wealth-advice', branch: '浦东分行营业部', date: '2026-12-03', slot: 'am' } });
  await submit(agent, { typeId: 'bank-complaint', data: { customerName: '陈先生', contactPhone: '010-62345678', category: 'fees', description: '信用卡年费被重复收取两次，要求退还。' } });
  await submit(agent, { typeId: 'bank-appointment', data: { customerName: 'Zhou Min', mobile: '13712345678', service: 'account-opening', branch: 'Lujiazui Sub-branch', date: '2026-12-01', slot: 'pm' } });
  await agent.keyboard.press('Control+Alt+KeyN');
  await agent.locator('[data-testid="ticket-type"][data-type-id="bank-card-loss"]').click();
  const form = agent.getByTestId('ticket-form');
  await form.getByTestId('ticket-field-cardNumber').fill(`622202020011223344${luhnCheckDigit('622202020011223344')}`);
  await form.getByTestId('ticket-field-holderName').fill('王小明');
  await form.getByTestId('ticket-field-idNumber').fill(`11010519491231002${residentIdCheckChar('11010519491231002')}`);
  await form.getByTestId('ticket-field-mobile').fill('13800138000');
  await form.getByTestId('ticket-field-lostOn').fill('2026-11-28');
  await form.getByTestId('ticket-field-freezeNow').check();
  // The form itself: the card sealed behind its mask, and a wrong mobile number's message.
  await form.getByTestId('ticket-field-mobile').fill('1380013800');
  await form.getByTestId('ticket-field-lostOn').focus();
  await shoot(agent, 'ticket-form');
  await form.getByTestId('ticket-field-mobile').fill('13800138000');
  await form.getByTestId('ticket-form-submit').click();
  await expect(agent.getByTestId('ticket-row')).toHaveCount(4);
  await expect(agent.locator('[data-testid="ticket-row"][data-state="new"]')).toHaveCount(4, { timeout: 20_000 });

  const staff = await ticketConsole(lab);
  const tickets = await staff.list();
  const byType = (typeId: string) => tickets.filter((t) => t.typeId === typeId);
  const [appointment, other] = byType('bank-appointment');
  await staff.transition(appointment?.id ?? '', 'in_progress');
  await staff.transition(other?.id ?? '', 'in_progress');
  await staff.transition(other?.id ?? '', 'resolved');
  await expect(agent.locator('[data-testid="ticket-row"][data-state="resolved"]')).toHaveCount(1, { timeout: 20_000 });
  await shoot(agent, 'tickets');
  // 重新填写: a complaint the institution refuses (a contact number that is none, no name: filed past the form, through the desk),
  // its view with the two choices, then the refilled form with the institution's problems shown.
  await submit(agent, { typeId: 'bank-complaint', data: { contactPhone: '12345', category: 'service', description: '网点排队等候超过一小时，无人引导。' } });
  const refused = agent.locator('[data-testid="ticket-row"][data-state="undeliverable"]');
  await expect(refused).toHaveCount(1, { timeout: 20_000 });
  await refused.click();
  await expect(agent.getByTestId('ticket-refill')).toBeVisible();
  await shoot(agent, 'ticket-undeliverable');
  await agent.getByTestId('ticket-refill').click();
  await expect(agent.getByTestId('ticket-refill-notice')).toBeVisible();
  await expect(agent.getByTestId('ticket-field-contactPhone-error')).toBeVisible();
  await shoot(agent, 'ticket-refill');
  await agent.getByTestId('ticket-form-close').click();
  await agent.getByTestId('logout').click();
  await expect(agent.getByTestId('login-submit')).toBeVisible();
  await agent.close();

  const admin = await browser.newPage({ viewport: SCREENSHOT_SIZES[0] });
  await openAndLogin(admin, lab.deskUrl, { id: ADMIN_ID, displayName: '陈静', password: ADMIN_PASSWORD });
  await admin.getByRole('navigation').getByRole('button', { name: '工单' }).click();
  const card = byType('bank-card-loss')[0]?.id ?? '';
  // A little history to show: taken up at the console before the admin opens it.
  await staff.transition(card, 'in_progress');
  await admin.locator(`[data-testid="ticket-row"][data-ticket-id="${card}"]`).click();
  await expect(admin.getByTestId('ticket-processing')).toBeVisible();
  await expect(admin.getByTestId('ticket-history-entry')).toHaveCount(2);
  // The assignee picker with a choice made (a native select: its open list is drawn outside the page).
  await admin.getByTestId('ticket-assignee').selectOption('S2001');
  await shoot(admin, 'ticket-processing');
  await admin.getByTestId('ticket-assign-submit').click();
  await expect(admin.getByTestId('ticket-history-entry')).toHaveCount(3);
  await admin.getByTestId('ticket-history-entry').last().scrollIntoViewIfNeeded();
  await shoot(admin, 'ticket-history');
  // The staff list: each row's handler by name (张伟（S2001）), 未分派 where nobody has it.
  await admin.getByTestId('ticket-back').click();
  await expect(admin.locator(`[data-testid="ticket-row"][data-ticket-id="${card}"] [data-testid="ticket-row-handler"]`)).toContainText('张伟');
  await shoot(admin, 'tickets-staff');
} finally {
  await browser.close().catch(() => undefined);
  await lab.close();
}
