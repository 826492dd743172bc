// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { AGENT, createFakeDesk, TICKET_STAFF, type FakeAccount, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

/**
 * The tickets area through the whole renderer (mountApp: the real bootstrap over the fake
 * desk, which follows core's ticket rules — fake-tickets.ts): the list with each ticket's
 * state and live changes, the status bar's outbox, an undeliverable ticket, the detail with
 * masked fields, and staff processing and reveal.
 */
const SUPERVISOR: FakeAccount = {
  operator: { id: 'S2001', displayName: '张伟', roles: ['supervisor'], permissions: ['tickets.create', 'tickets.process'], team: null, totpEnabled: false, disabled: false },
  password: 'Super#2026',
};
const COMPLAINT = { typeId: 'bank-complaint', typeVersion: 1, data: { customerName: '陈先生', category: 'fees', description: '年费重复收取' } };

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function signIn(fake: FakeDesk, account: FakeAccount) {
  await fake.desk.session.login({ operatorId: account.operator.id, password: account.password });
  app = await mountApp(fake);
  await settle();
}
async function switchTo(fake: FakeDesk, account: FakeAccount) {
  app?.unmount();
  app = null;
  await fake.desk.session.logout();
  await signIn(fake, account);
}
const openTickets = async () => {
  fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: '工单' }));
  await settle();
};
const rows = () => screen.queryAllByTestId('ticket-row');
const rowOf = (ticketId: string) => rows().find((r) => r.dataset['ticketId'] === ticketId);
/** Files straight through the desk, as the form's submit does (the form is tested on its own). */
const file = async (fake: FakeDesk, data: { typeId: string; typeVersion: number; data: Record<string, unknown> } = COMPLAINT) => {
  await act(async () => {
    const result = await fake.desk.tickets.submit(data);
    if (!result.ok) throw new Error(result.error.code);
  });
  await settle();
};

describe('tickets area', () => {
  it('lists a ticket waiting here, then delivered, then changed by staff — live, with the status bar counting what waits', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await signIn(fake, AGENT);
    await openTickets();
    expect(screen.getByTestId('tickets-empty').textContent).toBe('还没有工单。按 Ctrl+Alt+N 新建一张。');

    await file(fake);
    expect(rows().map((r) => r.dataset['state'])).toEqual(['queued']);
    expect(rows()[0]?.textContent).toContain('投诉受理');
    expect(rows()[0]?.textContent).toContain('待发送（本机）');
    expect(screen.getByTestId('ticket-outbox-status').textContent).toBe('待发送工单：1');

    let id = '';
    act(() => {
      id = fake.tickets.deliverAll()[0]?.id ?? '';
    });
    await settle();
    expect(rowOf(id)?.dataset['state']).toBe('new');
    // Arriving is not a change to point out: only later changes are marked.
    expect(within(rowOf(id) as HTMLElement).queryByTestId('ticket-changed')).toBeNull();
    // A complaint: its answer is due 15 days after filing, shown in the row.
    expect(within(rowOf(id) as HTMLElement).getByTestId('ticket-due').textContent).toMatch(/前答复$/);
    expect(screen.queryByTestId('ticket-outbox-status')).toBeNull();

    act(() => fake.tickets.setStatus(id, 'in_progress'));
    await settle();
    const row = rowOf(id) as HTMLElement;
    expect(row.dataset['state']).toBe('in_progress');
    expect(within(row).getByTestId('ticket-state').textContent).toBe('处理中');
    expect(within(row).getByTestId('ticket-changed').textContent).toBe('有更新');

    // Past its answer date (the institution computes it): 已超期 beside the date.
    expect(within(row).queryByTestId('ticket-overdue')).toBeNull();
    act(() => {
      const held = fake.tickets.delivered().find((x) => x.id === id);
      if (held?.complaint) held.complaint = { ...held.complaint, overdue: true };
      fake.tickets.setStatus(id, 'in_progress');
    });
    await settle();
    expect(within(rowOf(id) as HTMLElement).getByTestId('ticket-overdue').textContent).toBe('已超期');

    // Opened: the mark goes; back (Esc) returns to the list with the focus on that row.
    fireEvent.click(rowOf(id) as HTMLElement);
    await settle();
    expect(screen.getByTestId('ticket-detail').dataset['ticketId']).toBe(id);
    expect(screen.getByTestId('ticket-fields').textContent).toContain('年费重复收取');
    fireEvent.keyDown(screen.getByTestId('ticket-detail'), { key: 'Escape' });
    await settle();
    expect(document.activeElement).toBe(rowOf(id));
    expect(within(rowOf(id) as HTMLElement).queryByTestId('ticket-changed')).toBeNull();
  });

  it('shows an undeliverable ticket with the institution’s reasons and the status bar’s count until the agent has seen it', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await signIn(fake, AGENT);
    await openTickets();
    await file(fake);
    const list = await fake.desk.tickets.list({});
    const queued = list.ok ? list.value.local[0]?.localId ?? '' : '';
    act(() => fake.tickets.refuse(queued, [{ pointer: '/data/customerName', code: 'maxLength' }], 'bad_request'));
    await settle();
    expect(rows()[0]?.dataset['state']).toBe('undeliverable');
    expect(screen.getByTestId('ticket-outbox-undeliverable').textContent).toBe(' · 无法送达：1');

    fireEvent.click(rows()[0] as HTMLElement);
    await settle();
    const view = screen.getByTestId('ticket-local');
    expect(view.textContent).toContain('机构拒绝接收该工单');
    // Each field by its title, in words (not the institution's pointer and code).
    expect(screen.getByTestId('ticket-local-fields').textContent).toBe('客户姓名：超过 40 个字符的上限。');
    fireEvent.click(screen.getByTestId('ticket-dismiss'));
    await settle();
    expect(screen.getByTestId('tickets-empty')).toBeTruthy();
    expect(screen.queryByTestId('ticket-outbox-status')).toBeNull();
  });

  it('lets staff move a ticket along, explains a conflict, and extends a complaint twice only with another approver', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF] });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    await fake.desk.tickets.submit(COMPLAINT);
    const [ticket] = fake.tickets.deliverAll();
    const id = ticket?.id ?? '';
    await fake.desk.session.logout();
    await signIn(fake, TICKET_STAFF);
    await openTickets();
    expect(screen.getByText('工单处理')).toBeTruthy();
    fireEvent.click(rowOf(id) as HTMLElement);
    await settle();

    // Only the moves the table allows: 新建 → 开始处理.
    expect(screen.queryByTestId('ticket-action-resolve')).toBeNull();
    fireEvent.click(screen.getByTestId('ticket-action-start'));
    await settle();
    expect(screen.getByTestId('ticket-detail').querySelector('[data-testid="ticket-state"]')?.textContent).toBe('处理中');
    expect(screen.getByTestId('ticket-processing-message').textContent).toBe('状态已更新，提交人会实时看到。');

    // Someone else resolved it meanwhile, unseen here (no push): the stale button is refused and explained.
    const stale = screen.getByTestId('ticket-action-resolve');
    fake.tickets.delivered().find((x) => x.id === id)!.status = 'resolved';
    fireEvent.click(stale);
    await settle();
    expect(screen.getByTestId('ticket-processing-message').textContent).toBe('工单状态已被他人更改，已重新读取，请确认后再操作。');
    expect(screen.getByTestId('ticket-action-close')).toBeTruthy();

    fireEvent.click(screen.getByTestId('ticket-assign-me'));
    await settle();
    expect(screen.getByTestId('ticket-assignee-value').getAttribute('data-value')).toBe('ADM01');

    const reason = screen.getByTestId('ticket-extend-reason');
    fireEvent.change(reason, { target: { value: '需调取通话录音' } });
    fireEvent.click(screen.getByTestId('ticket-extend-submit'));
    await settle();
    expect(screen.getByTestId('ticket-processing-message').textContent).toBe('答复期限已延长。');
    // The second: an approver is needed, chosen among the other eligible processors (never oneself).
    fireEvent.change(screen.getByTestId('ticket-extend-reason'), { target: { value: '客户补充材料' } });
    fireEvent.click(screen.getByTestId('ticket-extend-submit'));
    expect(screen.getByTestId('ticket-processing-message').textContent).toBe('第二次延期须选择批准人。');
    expect([...(screen.getByTestId('ticket-extend-approver') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'S2001']);
    fireEvent.change(screen.getByTestId('ticket-extend-approver'), { target: { value: 'S2001' } });
    fireEvent.click(screen.getByTestId('ticket-extend-submit'));
    await settle();
    expect(screen.getByTestId('ticket-extend-none').textContent).toBe('已延期两次，不能再延期。');
  });

  it('says recusal plainly: the person a complaint is about gets no processing controls', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, SUPERVISOR] });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    await fake.desk.tickets.submit(COMPLAINT);
    const [ticket] = fake.tickets.deliverAll();
    // (The institution would hide it from them; a stale list could still open it.)
    ticket!.complaint = { ...ticket!.complaint!, aboutOperatorId: 'S2001' };
    await fake.desk.session.logout();
    await signIn(fake, SUPERVISOR);
    await openTickets();
    fireEvent.click(rowOf(ticket?.id ?? '') as HTMLElement);
    await settle();
    expect(screen.getByTestId('ticket-recused').textContent).toBe('本投诉涉及您本人，按回避规定您不能处理、分派或批准延期。');
    expect(screen.queryByTestId('ticket-action-start')).toBeNull();
  });

  it('reveals a sealed field only for tickets.reveal, with a reason, inside a sensitive area, and forgets it on leaving', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF] });
    const envelope = { v: 1, alg: 'ECDH-ES-P256+HKDF-SHA256+A256GCM', kid: 'fake-ticket-k1', epk: `BA${'A'.repeat(85)}`, iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(44), hint: '0128' };
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    const filed = await fake.desk.tickets.submit({ typeId: 'bank-card-loss', typeVersion: 1, data: { cardNumber: envelope, holderName: '李四', idNumber: { ...envelope, hint: '002X' }, mobile: '13800138000', lostOn: '2026-11-28', freezeNow: true } });
    expect(filed.ok).toBe(true);
    const [ticket] = fake.tickets.deliverAll();
    const id = ticket?.id ?? '';
    fake.tickets.setRevealValue(id, '/cardNumber', '6222020200112230128');
    // The agent: masks, no reveal.
    app = await mountApp(fake);
    await settle();
    await openTickets();
    fireEvent.click(rowOf(id) as HTMLElement);
    await settle();
    const card = () => screen.getAllByTestId('ticket-detail-field').find((f) => f.dataset['pointer'] === '/cardNumber') as HTMLElement;
    expect(within(card()).getByTestId('ticket-detail-mask').textContent).toBe('•••• 0128');
    expect(within(card()).getByTestId('ticket-detail-mask').hasAttribute('data-desk-sensitive')).toBe(true);
    expect(screen.queryByTestId('ticket-reveal')).toBeNull();

    await switchTo(fake, TICKET_STAFF);
    await openTickets();
    fireEvent.click(rowOf(id) as HTMLElement);
    await settle();
    fireEvent.click(within(card()).getByTestId('ticket-reveal'));
    fireEvent.click(within(card()).getByTestId('ticket-reveal-submit'));
    await settle();
    expect(within(card()).getByTestId('ticket-reveal-problem').textContent).toBe('请填写查看原因（至少 2 个字）。');
    expect(fake.tickets.reveals).toEqual([]);
    fireEvent.change(within(card()).getByTestId('ticket-reveal-reason'), { target: { value: '客户来电核对卡号' } });
    fireEvent.click(within(card()).getByTestId('ticket-reveal-submit'));
    await settle();
    const value = within(card()).getByTestId('ticket-revealed-value');
    expect(value.textContent).toBe('6222020200112230128');
    expect(value.hasAttribute('data-desk-sensitive')).toBe(true);
    expect(fake.tickets.reveals).toEqual([{ ticketId: id, pointer: '/cardNumber', reason: '客户来电核对卡号' }]);

    // Locking the screen clears it (the workspace stays mounted under the lock screen).
    await act(async () => {
      await fake.desk.session.lock();
    });
    await settle();
    expect(screen.queryByTestId('ticket-revealed-value')).toBeNull();
    await act(async () => {
      await fake.desk.session.unlock({ password: TICKET_STAFF.password });
    });
    await settle();
    fireEvent.click(within(card()).getByTestId('ticket-reveal'));
    fireEvent.change(within(card()).getByTestId('ticket-reveal-reason'), { target: { value: '再次核对' } });
    fireEvent.click(within(card()).getByTestId('ticket-reveal-submit'));
    await settle();
    expect(within(card()).getByTestId('ticket-revealed-value').textContent).toBe('6222020200112230128');

    fireEvent.click(screen.getByTestId('ticket-back'));
    await settle();
    expect(document.body.textContent).not.toContain('6222020200112230128');
    fireEvent.click(rowOf(id) as HTMLElement);
    await settle();
    expect(screen.queryByTestId('ticket-revealed-value')).toBeNull();
    expect(within(card()).getByTestId('ticket-detail-mask').textContent).toBe('•••• 0128');
  });

  it('opens a new ticket from anywhere with Ctrl+Alt+N, and lists the shortcut with the phone’s', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await signIn(fake, AGENT);
    expect(screen.getByTestId('phone-panel').textContent).toContain('Ctrl+Alt+N新建工单（通话中自动附上本次通话）');
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { ctrlKey: true, altKey: true, code: 'KeyN', bubbles: true }));
    });
    await settle();
    expect(screen.getByTestId('tickets-area')).toBeTruthy();
    expect(screen.getByTestId('ticket-new-view')).toBeTruthy();
    expect(screen.queryByTestId('ticket-new-call')).toBeNull();
    expect(within(screen.getByRole('navigation')).getByRole('button', { name: '工单' }).getAttribute('aria-current')).toBe('page');
  });

  it('speaks en-US', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], settings: { language: 'en-US' } });
    await signIn(fake, AGENT);
    fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Tickets' }));
    await settle();
    await file(fake);
    expect(screen.getByText('My tickets')).toBeTruthy();
    expect(rows()[0]?.textContent).toContain('Complaint');
    expect(rows()[0]?.textContent).toContain('Waiting to send');
    expect(screen.getByTestId('ticket-outbox-status').textContent).toBe('Tickets waiting to send: 1');
  });
});
