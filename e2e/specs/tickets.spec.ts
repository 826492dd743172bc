import type { Page } from '@playwright/test';
import type { DeskApi } from '../../electron/contract/desk-api.ts';
import { checkEnvelopeShape } from '../../institution/contract/ticket-crypto.ts';
import { luhnCheckDigit, residentIdCheckChar } from '../../institution/contract/ticket-formats.ts';
import { ADMIN_ID, ADMIN_PASSWORD } from '../fixtures/admin-api.ts';
import { AGENT, openAndLogin, type DemoOperator } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';
import { filesContaining, staffActions, storedTicketRow, ticketConsole } from '../fixtures/tickets-console.ts';

/**
 * Tickets end to end (issue #9 Done-when): Chromium with the desk, the test host's real core
 * (encrypted outbox, push router) and the real institution (HTTPS, SQLite, its ticket key in
 * the signed profile). An agent files a card-loss report with a card number and an ID number
 * from one keystroke; the institution's database holds only ciphertext for both; a status
 * change made at the institution reaches the agent's list live; a supervisor (tickets.process,
 * no tickets.reveal) cannot reveal; an admin (tickets.reveal) reveals with a reason, which the
 * staff-action log records without the value, and the value is gone once they leave the ticket.
 */
test.describe.configure({ timeout: 180_000 });

const WAIT = { timeout: 20_000 };
const CARD = `622202020011223344${luhnCheckDigit('622202020011223344')}`;
const ID_NUMBER = `11010519491231002${residentIdCheckChar('11010519491231002')}`;
const SUPERVISOR: DemoOperator = { id: 'S2001', displayName: '张伟', password: 'Super#2026' };
const ADMIN: DemoOperator = { id: ADMIN_ID, displayName: '陈静', password: ADMIN_PASSWORD };

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-submit')).toBeVisible(WAIT);
}

async function openTickets(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: '工单' }).click();
  await expect(page.getByTestId('tickets-area')).toBeVisible();
}

async function openTicket(page: Page, ticketId: string): Promise<void> {
  await openTickets(page);
  await page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticketId}"]`).click();
  await expect(page.getByTestId('ticket-detail')).toHaveAttribute('data-ticket-id', ticketId);
  await expect(page.getByTestId('ticket-fields')).toBeVisible(WAIT);
}

test('an agent files a ticket with a card and an ID number: ciphertext only at the institution, a pushed status change shows live, only a permitted admin reveals (audited)', async ({ page, lab }) => {
  // ---- The agent files a card-loss report from one keystroke.
  await openAndLogin(page, lab.deskUrl, AGENT);
  await page.keyboard.press('Control+Alt+KeyN');
  await expect(page.getByTestId('tickets-area')).toBeVisible();
  await page.locator('[data-testid="ticket-type"][data-type-id="bank-card-loss"]').click();
  const form = page.getByTestId('ticket-form');
  await expect(form).toHaveAttribute('data-type-id', 'bank-card-loss', WAIT);
  await form.getByTestId('ticket-field-cardNumber').fill(CARD);
  await form.getByTestId('ticket-field-holderName').fill('王小明');
  await form.getByTestId('ticket-field-idNumber').fill(ID_NUMBER);
  await form.getByTestId('ticket-field-mobile').fill('13800138000');
  await form.getByTestId('ticket-field-lostOn').fill('2026-11-28');
  await form.getByTestId('ticket-field-freezeNow').check();
  // Leaving a sensitive field seals it: the form shows the mask, never the number, from then on.
  await expect(form.getByTestId('ticket-field-cardNumber-status')).toBeVisible(WAIT);
  await form.getByTestId('ticket-form-submit').click();

  // ---- The list shows it; once delivered it has the institution's id and status 新建.
  const row = page.getByTestId('ticket-row').first();
  await expect(row).toHaveAttribute('data-state', 'new', WAIT);
  const ticketId = (await row.getAttribute('data-ticket-id')) ?? '';
  expect(ticketId).toMatch(/^T-[0-9A-Z]{26}$/);
  await expect(row).toContainText('银行卡挂失');
  await expect(row.getByTestId('ticket-state')).toHaveText('新建');
  await expect(page.getByTestId('ticket-outbox-status')).toHaveCount(0);

  // ---- The institution stores ciphertext only: the two fields are envelopes, the digits appear nowhere.
  const stored = storedTicketRow(lab, ticketId);
  expect(stored).toBeDefined();
  const data = JSON.parse(String(stored?.['data'])) as Record<string, unknown>;
  expect(checkEnvelopeShape(data['cardNumber'])).toMatchObject({ ok: true, envelope: { hint: CARD.slice(-4) } });
  expect(checkEnvelopeShape(data['idNumber'])).toMatchObject({ ok: true });
  expect(data['holderName']).toBe('王小明');
  for (const secret of [CARD, ID_NUMBER, CARD.slice(0, 12), ID_NUMBER.slice(0, 14)]) {
    expect(JSON.stringify(stored)).not.toContain(secret);
    // The whole data folders — SQLite file, WAL, logs — of the institution and of the desk.
    expect(filesContaining(lab.institutionDataDir, secret)).toEqual([]);
    expect(filesContaining(lab.deskDataDir, secret)).toEqual([]);
  }

  // ---- Staff change the status at the institution: the agent's list shows it live, marked as updated.
  const staff = await ticketConsole(lab);
  await staff.transition(ticketId, 'in_progress');
  const live = page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticketId}"]`);
  await expect(live).toHaveAttribute('data-state', 'in_progress', WAIT);
  await expect(live.getByTestId('ticket-state')).toHaveText('处理中');
  await expect(live.getByTestId('ticket-changed')).toHaveText('有更新');

  // The agent's own view: fields masked, no reveal (agents hold no tickets.reveal).
  await live.click();
  await expect(page.getByTestId('ticket-detail')).toHaveAttribute('data-ticket-id', ticketId);
  const cardField = page.locator('[data-testid="ticket-detail-field"][data-pointer="/cardNumber"]');
  await expect(cardField.getByTestId('ticket-detail-mask')).toHaveText(`•••• ${CARD.slice(-4)}`);
  await expect(page.getByTestId('ticket-reveal')).toHaveCount(0);
  await expect(page.getByTestId('ticket-detail')).not.toContainText(CARD);
  await signOut(page);

  // ---- A supervisor processes tickets but may not reveal: no button, and the desk refuses the call.
  await openAndLogin(page, lab.deskUrl, SUPERVISOR);
  await openTicket(page, ticketId);
  await expect(page.getByTestId('ticket-processing')).toBeVisible();
  await expect(page.getByTestId('ticket-reveal')).toHaveCount(0);
  const refused = await page.evaluate(`(async () => await window.desk.tickets.reveal(${JSON.stringify({ ticketId, pointer: '/cardNumber', reason: '核实客户身份' })}))()`);
  expect(refused).toEqual({ ok: false, error: { code: 'permission_denied' } });
  expect(staffActions(lab, `ticket:${ticketId}`).filter((a) => a.type === 'ticket-revealed')).toEqual([]);
  await signOut(page);

  // ---- An admin reveals the card number with a reason: shown in a sensitive area, audited without the value.
  await openAndLogin(page, lab.deskUrl, ADMIN);
  await openTicket(page, ticketId);
  await cardField.getByTestId('ticket-reveal').click();
  await cardField.getByTestId('ticket-reveal-submit').click();
  await expect(cardField.getByTestId('ticket-reveal-problem')).toHaveText('请填写查看原因（至少 2 个字）。');
  await cardField.getByTestId('ticket-reveal-reason').fill('客户来电挂失，核对卡号');
  await cardField.getByTestId('ticket-reveal-submit').click();
  const revealed = cardField.getByTestId('ticket-revealed-value');
  await expect(revealed).toHaveText(CARD, WAIT);
  await expect(revealed).toHaveAttribute('data-desk-sensitive', '');
  const log = staffActions(lab, `ticket:${ticketId}`).filter((a) => a.type === 'ticket-revealed');
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ operatorId: ADMIN_ID, detail: '/cardNumber 客户来电挂失，核对卡号' });
  expect(JSON.stringify(staffActions(lab, `ticket:${ticketId}`))).not.toContain(CARD);

  // Leaving the ticket clears the value: back in the list, then in the ticket again, only the mask.
  await page.getByTestId('ticket-back').click();
  await expect(page.getByTestId('ticket-list')).toBeVisible();
  await expect(page.getByTestId('ticket-revealed-value')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(CARD);
  await page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticketId}"]`).click();
  await expect(cardField.getByTestId('ticket-detail-mask')).toHaveText(`•••• ${CARD.slice(-4)}`);
  await expect(page.getByTestId('ticket-revealed-value')).toHaveCount(0);
});

test('while the institution is unreachable a filed ticket waits on the workstation: the list says so and the status bar counts it', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl, AGENT);
  await page.keyboard.press('Control+Alt+KeyN');
  // The types were read (core keeps them); then the institution goes away.
  await expect(page.locator('[data-testid="ticket-type"][data-type-id="bank-complaint"]')).toBeVisible(WAIT);
  await lab.stopInstitution();
  await page.locator('[data-testid="ticket-type"][data-type-id="bank-complaint"]').click();
  const form = page.getByTestId('ticket-form');
  await expect(form).toHaveAttribute('data-type-id', 'bank-complaint', WAIT);
  await form.getByTestId('ticket-field-customerName').fill('陈先生');
  await form.getByTestId('ticket-field-contactPhone').fill('010-62345678');
  await form.getByTestId('ticket-field-category').selectOption('fees');
  await form.getByTestId('ticket-field-description').fill('信用卡年费被重复收取两次。');
  await form.getByTestId('ticket-form-submit').click();

  const row = page.getByTestId('ticket-row').first();
  await expect(row).toHaveAttribute('data-state', 'queued', WAIT);
  await expect(row.getByTestId('ticket-state')).toHaveText('待发送（本机）');
  await expect(page.getByTestId('tickets-unreachable')).toBeVisible(WAIT);
  await expect(page.getByTestId('ticket-outbox-status')).toHaveText('待发送工单：1');
  await row.click();
  await expect(page.getByTestId('ticket-local')).toContainText('该工单已安全保存在本机，正在等待发送至机构');
});

test('重新填写: a ticket the institution refused opens again as a prefilled form (card still sealed, problems shown); filing it delivers the same envelope and the undeliverable ticket leaves the list', async ({ page, lab }) => {
  const NOTES = '重新填写 e2e 标记';
  // ---- The agent fills a card-loss report (the card and ID are sealed as they leave them) and closes the form: a draft.
  await openAndLogin(page, lab.deskUrl, AGENT);
  await page.keyboard.press('Control+Alt+KeyN');
  await page.locator('[data-testid="ticket-type"][data-type-id="bank-card-loss"]').click();
  const form = page.getByTestId('ticket-form');
  await expect(form).toHaveAttribute('data-type-id', 'bank-card-loss', WAIT);
  await form.getByTestId('ticket-field-cardNumber').fill(CARD);
  await form.getByTestId('ticket-field-holderName').fill('王小明');
  await form.getByTestId('ticket-field-idNumber').fill(ID_NUMBER);
  await form.getByTestId('ticket-field-mobile').fill('13800138000');
  await form.getByTestId('ticket-field-lostOn').fill('2026-11-28');
  await form.getByTestId('ticket-field-notes').fill(NOTES);
  await form.getByTestId('ticket-field-freezeNow').check();
  await expect(form.getByTestId('ticket-field-cardNumber-status')).toBeVisible(WAIT);
  await expect(form.getByTestId('ticket-field-idNumber-status')).toBeVisible(WAIT);
  await form.getByTestId('ticket-form-close').click();

  // ---- That draft is filed through the desk bridge with values the form would never let through
  // (no holder name, not a mobile number): core queues it, the institution refuses it for good.
  const original = await page.evaluate(async (notes) => {
    const desk = (globalThis as unknown as { desk: DeskApi }).desk;
    const drafts = await desk.tickets.drafts();
    if (!drafts.ok) throw new Error(drafts.error.code);
    const draft = drafts.value.drafts.find((d) => d.values['notes'] === notes);
    if (draft === undefined) throw new Error('the draft was not saved');
    const { holderName: _dropped, ...values } = draft.values;
    const filed = await desk.tickets.submit({ draftId: draft.draftId, typeId: draft.typeId, typeVersion: draft.typeVersion, data: { ...values, mobile: '12345' } });
    if (!filed.ok) throw new Error(filed.error.code);
    return { localId: filed.value.localId, card: draft.values['cardNumber'] as { ct: string }, id: draft.values['idNumber'] as { ct: string } };
  }, NOTES);
  await openTickets(page);
  const refused = page.locator('[data-testid="ticket-row"][data-state="undeliverable"]');
  await expect(refused).toHaveCount(1, WAIT);
  await expect(page.getByTestId('ticket-outbox-undeliverable')).toBeVisible(WAIT);

  // ---- By keyboard: the row, then 重新填写 (the next stop after the view's heading).
  await refused.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-local')).toContainText('机构拒绝接收该工单');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('ticket-refill')).toBeFocused();
  await page.keyboard.press('Enter');

  // ---- The form of the same type, prefilled: masks for the sealed fields, the institution's problems shown at once.
  const again = page.getByTestId('ticket-form');
  await expect(page.getByTestId('ticket-refill-notice')).toBeVisible(WAIT);
  await expect(again).toHaveAttribute('data-type-id', 'bank-card-loss', WAIT);
  await expect(again.getByTestId('ticket-field-cardNumber')).toHaveValue(new RegExp(`${CARD.slice(-4)}$`));
  await expect(again.getByTestId('ticket-field-cardNumber-status')).toBeVisible();
  await expect(again.getByTestId('ticket-field-notes')).toHaveValue(NOTES);
  await expect(again.getByTestId('ticket-field-mobile')).toHaveValue('12345');
  await expect(again.getByTestId('ticket-field-mobile-error')).toBeVisible();
  await expect(again.getByTestId('ticket-field-holderName-error')).toHaveText('请填写此项。');
  // Not filed yet: the undeliverable ticket is still the agent's to see.
  await expect(page.getByTestId('ticket-outbox-undeliverable')).toBeVisible();

  await again.getByTestId('ticket-field-holderName').fill('王小明');
  await again.getByTestId('ticket-field-mobile').fill('13800138000');
  await again.getByTestId('ticket-form-submit').click();

  // ---- Filed: the undeliverable ticket went with the filing; the new one is delivered with the very envelopes sealed before.
  await expect(page.getByTestId('ticket-list')).toBeVisible(WAIT);
  await expect(refused).toHaveCount(0, WAIT);
  await expect(page.getByTestId('ticket-outbox-undeliverable')).toHaveCount(0);
  const delivered = page.getByTestId('ticket-row').first();
  await expect(delivered).toHaveAttribute('data-state', 'new', WAIT);
  const stored = storedTicketRow(lab, (await delivered.getAttribute('data-ticket-id')) ?? '');
  const data = JSON.parse(String(stored?.['data'])) as Record<string, { ct?: string } | string>;
  expect(data['notes']).toBe(NOTES);
  expect(data['holderName']).toBe('王小明');
  expect((data['cardNumber'] as { ct: string }).ct).toBe(original.card.ct);
  expect((data['idNumber'] as { ct: string }).ct).toBe(original.id.ct);
  expect(JSON.stringify(stored)).not.toContain(CARD);
});
