// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk, type FakeAccount, type FakeDesk } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';

/**
 * The list's search box through the whole renderer over the fake desk: reached by keyboard
 * under its label, Enter searches (the desk gets `q`), live updates keep the query, no match
 * says so, Escape clears; a pause in typing searches too.
 */
const STAFF: FakeAccount = {
  operator: { id: 'ADM01', displayName: '陈静', roles: ['admin'], permissions: ['tickets.process', 'tickets.reveal'], team: null, totpEnabled: false, disabled: false },
  password: 'Admin#2026',
};
const complaint = (customerName: string) => ({ typeId: 'bank-complaint', typeVersion: 1, data: { customerName, category: 'fees', description: '年费重复收取' } });

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function fileAs(fake: FakeDesk, account: FakeAccount, names: string[]): Promise<string[]> {
  await fake.desk.session.login({ operatorId: account.operator.id, password: account.password });
  for (const name of names) {
    const result = await fake.desk.tickets.submit(complaint(name));
    if (!result.ok) throw new Error(result.error.code);
  }
  const ids = fake.tickets.deliverAll().map((t) => t.id);
  await fake.desk.session.logout();
  return ids;
}
const rows = () => screen.queryAllByTestId('ticket-row');
const shownIds = () => rows().map((r) => r.dataset['ticketId']);

describe('ticket list search', () => {
  it('searches on Enter, keeps the query through live updates, says when nothing matches, clears on Escape', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, STAFF] });
    const ids = await fileAs(fake, AGENT, ['欧阳锋', '欧阳克', '黄药师']);
    await fake.desk.session.login({ operatorId: STAFF.operator.id, password: STAFF.password });
    app = await mountApp(fake);
    await settle();
    fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: '工单' }));
    await settle();
    expect(rows()).toHaveLength(3);

    const box = screen.getByLabelText('搜索工单') as HTMLInputElement;
    expect(box.getAttribute('aria-describedby')).toBe(screen.getByTestId('ticket-search-help').id);
    expect(screen.getByTestId('ticket-search-help').textContent).toContain('卡号、证件号等加密字段不参与搜索');
    // Keyboard reachable: Tab from the type filter lands in the box.
    const user = userEvent.setup();
    screen.getByTestId('ticket-filter-type').focus();
    await user.tab();
    expect(document.activeElement).toBe(box);
    await user.keyboard('欧阳{Enter}');
    await settle();
    expect(shownIds().sort()).toEqual([ids[0], ids[1]].sort());

    // A live change re-reads the list with the same query.
    act(() => fake.tickets.setStatus(ids[2] as string, 'in_progress'));
    await settle();
    act(() => fake.tickets.setStatus(ids[0] as string, 'in_progress'));
    await settle();
    expect(shownIds().sort()).toEqual([ids[0], ids[1]].sort());
    expect(box.value).toBe('欧阳');

    await user.clear(box);
    await user.keyboard('没有这个人{Enter}');
    await settle();
    expect(rows()).toHaveLength(0);
    expect(screen.getByTestId('tickets-empty').textContent).toBe('没有匹配的工单');

    await user.keyboard('{Escape}');
    await settle();
    expect(box.value).toBe('');
    expect(rows()).toHaveLength(3);
  });

  it('searches after a pause in typing, without Enter', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, STAFF] });
    const ids = await fileAs(fake, AGENT, ['欧阳锋', '黄药师']);
    await fake.desk.session.login({ operatorId: STAFF.operator.id, password: STAFF.password });
    app = await mountApp(fake);
    await settle();
    fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: '工单' }));
    await settle();
    fireEvent.change(screen.getByTestId('ticket-search'), { target: { value: ' 黄药师 ' } });
    await waitFor(() => expect(shownIds()).toEqual([ids[1]]), { timeout: 3000 });
  });
});
