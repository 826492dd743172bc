// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk, TICKET_STAFF, type FakeAccount, type FakeDesk } from '../../test-support/fake-desk.ts';
import { FAKE_OPERATORS } from '../../test-support/fake-ticket-fixtures.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

/**
 * The three things a ticket processor reaches for beyond the basics, through the whole
 * renderer over the fake desk: the history timeline in the detail (who did what, when; no
 * reveal entries for the filer), assigning from a picker of eligible staff by keyboard, and
 * the list's filter with "load more" that keeps working with live changes.
 */
const COMPLAINT = { typeId: 'bank-complaint', typeVersion: 1, data: { customerName: '陈先生', category: 'fees', description: '年费重复收取' } };
const ABOUT_S2001 = { ...COMPLAINT, aboutOperatorId: 'S2001' };

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
async function fileAs(fake: FakeDesk, account: FakeAccount, tickets: (typeof COMPLAINT | typeof ABOUT_S2001)[]): Promise<string[]> {
  await fake.desk.session.login({ operatorId: account.operator.id, password: account.password });
  for (const ticket of tickets) {
    const result = await fake.desk.tickets.submit(ticket);
    if (!result.ok) throw new Error(result.error.code);
  }
  const ids = fake.tickets.deliverAll().map((t) => t.id);
  await fake.desk.session.logout();
  return ids;
}
const openTickets = async (name = '工单') => {
  fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name }));
  await settle();
};
const rows = () => screen.queryAllByTestId('ticket-row');
const rowOf = (ticketId: string) => rows().find((r) => r.dataset['ticketId'] === ticketId) as HTMLElement;
const historyTexts = () => screen.queryAllByTestId('ticket-history-entry').map((e) => e.textContent ?? '');

describe('ticket processing: history, assignee picker, filter and paging', () => {
  it('assigns from the picker by keyboard and shows the history with names and the reveal reason to staff', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF] });
    const [id] = await fileAs(fake, AGENT, [COMPLAINT]);
    await signIn(fake, TICKET_STAFF);
    await openTickets();
    fireEvent.click(rowOf(id as string));
    await settle();
    expect(historyTexts()).toEqual([expect.stringContaining('王小明（A1001）提交了工单')]);

    // The picker lists the institution's eligible staff; Tab reaches it, arrows choose, Enter on 分派 assigns.
    const user = userEvent.setup();
    const picker = screen.getByTestId('ticket-assignee') as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual(['请选择处理人', '陈静（ADM01）', '张伟（S2001）']);
    picker.focus();
    await user.selectOptions(picker, 'S2001');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('ticket-assign-submit'));
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.getByTestId('ticket-assignee-value').textContent).toBe('张伟（S2001）');
    expect(historyTexts().at(-1)).toContain('陈静（ADM01）分派给张伟（S2001）');

    fireEvent.click(screen.getByTestId('ticket-action-start'));
    await settle();
    expect(historyTexts().at(-1)).toContain('将状态由“新建”改为“处理中”');
    // Nothing chosen: said before anything is sent.
    fireEvent.click(screen.getByTestId('ticket-assign-submit'));
    expect(screen.getByTestId('ticket-processing-message').textContent).toBe('请先选择处理人。');
  });

  it('leaves the complaint’s subject out of the picker, and hides reveal entries from the filer', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF] });
    const [id] = await fileAs(fake, AGENT, [ABOUT_S2001]);
    fake.tickets.setRevealValue(id as string, '/customerName', '陈先生');
    await signIn(fake, TICKET_STAFF);
    await openTickets();
    fireEvent.click(rowOf(id as string));
    await settle();
    const picker = screen.getByTestId('ticket-assignee') as HTMLSelectElement;
    expect([...picker.options].map((o) => o.value)).toEqual(['', 'ADM01']);
    await act(async () => {
      await fake.desk.tickets.reveal({ ticketId: id as string, pointer: '/customerName', reason: '核实客户身份' });
    });
    await settle();
    // The store reads the history after a reveal made through it; here the desk call came from outside: read again via a change.
    act(() => fake.tickets.setStatus(id as string, 'in_progress'));
    await settle();
    expect(historyTexts().some((text) => text.includes('查看了“客户姓名”的明文') && text.includes('原因：核实客户身份'))).toBe(true);

    app?.unmount();
    app = null;
    await fake.desk.session.logout();
    await signIn(fake, AGENT);
    await openTickets();
    fireEvent.click(rowOf(id as string));
    await settle();
    expect(historyTexts().length).toBeGreaterThan(1);
    expect(historyTexts().join('\n')).not.toContain('核实客户身份');
    expect(screen.getByTestId('ticket-history').textContent).not.toContain('查看');
    expect(screen.queryByTestId('ticket-assignee')).toBeNull();
  });

  it('filters by status and type, loads older pages and keeps them through live changes', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF] });
    const ids = await fileAs(fake, AGENT, Array.from({ length: 55 }, () => COMPLAINT));
    await signIn(fake, TICKET_STAFF);
    await openTickets();
    expect(rows()).toHaveLength(50);
    expect(screen.getByTestId('tickets-shown').textContent).toBe('已显示 50 张');
    fireEvent.click(screen.getByTestId('tickets-load-more'));
    await settle();
    expect(rows()).toHaveLength(55);
    expect(new Set(rows().map((r) => r.dataset['ticketId'])).size).toBe(55);
    expect(screen.getByTestId('tickets-end').textContent).toBe('已显示全部工单。');
    // The first row of the new page has the focus (the button is gone).
    expect(document.activeElement).toBe(rowOf(ids[4] as string));

    // A change to an older row arrives live: it stays where it is, with its new state.
    act(() => fake.tickets.setStatus(ids[0] as string, 'in_progress'));
    await settle();
    expect(rows()).toHaveLength(55);
    expect(rowOf(ids[0] as string).dataset['state']).toBe('in_progress');

    fireEvent.change(screen.getByTestId('ticket-filter-status'), { target: { value: 'in_progress' } });
    await settle();
    expect(rows().map((r) => r.dataset['ticketId'])).toEqual([ids[0]]);
    expect(screen.getByTestId('tickets-end')).toBeTruthy();
    // Staff who only process know the types they have seen: the complaint type is offered.
    const types = screen.getByTestId('ticket-filter-type') as HTMLSelectElement;
    expect([...types.options].map((o) => o.value)).toEqual(['', 'bank-complaint']);
    fireEvent.change(types, { target: { value: 'bank-complaint' } });
    await settle();
    expect(rows()).toHaveLength(1);
    fireEvent.change(screen.getByTestId('ticket-filter-status'), { target: { value: 'closed' } });
    await settle();
    expect(screen.getByTestId('tickets-empty').textContent).toBe('没有符合筛选条件的工单。');
    fireEvent.change(screen.getByTestId('ticket-filter-status'), { target: { value: '' } });
    await settle();
    expect(rows()).toHaveLength(50);
    expect(screen.getByTestId('tickets-load-more')).toBeTruthy();
  });

  it('names each row’s handler as the institution tells it, and shows the id where it has no name; live changes keep the name', async () => {
    // S2009 may process tickets but the institution has no usable display name for them.
    const operators = [...FAKE_OPERATORS, { id: 'S2009', displayName: '', process: true }];
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF], tickets: { operators } });
    const [named, unnamed, open] = await fileAs(fake, AGENT, [COMPLAINT, COMPLAINT, COMPLAINT]);
    await fake.desk.session.login({ operatorId: TICKET_STAFF.operator.id, password: TICKET_STAFF.password });
    expect((await fake.desk.tickets.assign({ ticketId: named as string, assignee: 'S2001' })).ok).toBe(true);
    expect((await fake.desk.tickets.assign({ ticketId: unnamed as string, assignee: 'S2009' })).ok).toBe(true);
    await fake.desk.session.logout();
    await signIn(fake, TICKET_STAFF);
    await openTickets();
    const handler = (id: string | undefined) => within(rowOf(id as string)).getByTestId('ticket-row-handler').textContent;
    expect(handler(named)).toBe('处理人：张伟（S2001）');
    expect(handler(unnamed)).toBe('处理人：S2009');
    expect(handler(open)).toBe('未分派');

    // Assigned elsewhere while the list is shown: the pushed change brings the name with it.
    await act(async () => {
      await fake.desk.tickets.assign({ ticketId: open as string, assignee: 'ADM01' });
    });
    await settle();
    expect(handler(open)).toBe('处理人：陈静（ADM01）');
  });

  it('speaks en-US in the history and the picker', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF], settings: { language: 'en-US' } });
    const [id] = await fileAs(fake, AGENT, [COMPLAINT]);
    await signIn(fake, TICKET_STAFF);
    await openTickets('Tickets');
    fireEvent.click(rowOf(id as string));
    await settle();
    expect(screen.getByTestId('ticket-history').querySelector('h4')?.textContent).toBe('History');
    expect(historyTexts()[0]).toContain('王小明 (A1001) filed the ticket');
    const picker = screen.getByTestId('ticket-assignee') as HTMLSelectElement;
    expect(picker.options[0]?.textContent).toBe('Choose a handler');
    fireEvent.change(picker, { target: { value: 'ADM01' } });
    fireEvent.click(screen.getByTestId('ticket-assign-submit'));
    await settle();
    expect(historyTexts().at(-1)).toContain('陈静 (ADM01) assigned it to 陈静 (ADM01)');
    fireEvent.click(screen.getByTestId('ticket-back'));
    await settle();
    expect(screen.getByTestId('ticket-filter').getAttribute('aria-label')).toBe('Filter tickets');
  });
});
