// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk, type FakeAccount } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';

/**
 * 查看明文 by keyboard alone (staff with tickets.reveal, through the whole renderer over the fake
 * desk): each step hands the focus to the control that replaced the focused one — the reason box,
 * then 隐藏, then 查看明文 again; Esc and 取消 close the box with the focus back on 查看明文, never <body>.
 */
const STAFF: FakeAccount = {
  operator: { id: 'ADM01', displayName: '陈静', roles: ['admin'], permissions: ['tickets.process', 'tickets.reveal'], team: null, totpEnabled: false, disabled: false },
  password: 'Admin#2026',
};
const ENVELOPE = { v: 1, alg: 'ECDH-ES-P256+HKDF-SHA256+A256GCM', kid: 'fake-ticket-k1', epk: `BA${'A'.repeat(85)}`, iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(44), hint: '0128' };

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('reveal and the keyboard focus', () => {
  it('reason box, 隐藏, then 查看明文 again; Esc and 取消 return to 查看明文', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, STAFF] });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    const filed = await fake.desk.tickets.submit({ typeId: 'bank-card-loss', typeVersion: 1, data: { cardNumber: ENVELOPE, holderName: '李四', idNumber: { ...ENVELOPE, hint: '002X' }, mobile: '13800138000', lostOn: '2026-11-28', freezeNow: true } });
    if (!filed.ok) throw new Error(filed.error.code);
    const id = fake.tickets.deliverAll()[0]?.id ?? '';
    fake.tickets.setRevealValue(id, '/cardNumber', '6222020200112230128');
    await fake.desk.session.logout();
    await fake.desk.session.login({ operatorId: STAFF.operator.id, password: STAFF.password });
    app = await mountApp(fake);
    await settle();
    fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: '工单' }));
    await settle();
    fireEvent.click(screen.getAllByTestId('ticket-row').find((r) => r.dataset['ticketId'] === id) as HTMLElement);
    await settle();
    const user = userEvent.setup();
    const card = () => screen.getAllByTestId('ticket-detail-field').find((f) => f.dataset['pointer'] === '/cardNumber') as HTMLElement;
    const open = () => within(card()).getByTestId('ticket-reveal');

    open().focus();
    await user.keyboard('{Enter}');
    await settle();
    expect(document.activeElement).toBe(within(card()).getByTestId('ticket-reveal-reason'));
    await user.keyboard('{Escape}');
    await settle();
    expect(screen.getByTestId('ticket-detail')).toBeTruthy();
    expect(document.activeElement).toBe(open());

    await user.keyboard('{Enter}');
    await settle();
    await user.tab();
    await user.tab();
    expect(document.activeElement?.textContent).toBe('取消');
    await user.keyboard('{Enter}');
    await settle();
    expect(document.activeElement).toBe(open());

    await user.keyboard('{Enter}');
    await settle();
    await user.keyboard('客户来电核对卡号{Enter}');
    await settle();
    expect(within(card()).getByTestId('ticket-revealed-value').textContent).toBe('6222020200112230128');
    expect(document.activeElement).toBe(within(card()).getByTestId('ticket-reveal-hide'));
    await user.keyboard('{Enter}');
    await settle();
    expect(within(card()).queryByTestId('ticket-revealed-value')).toBeNull();
    expect(document.activeElement).toBe(open());
  });
});
