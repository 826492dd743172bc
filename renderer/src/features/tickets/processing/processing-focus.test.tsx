// @vitest-environment jsdom
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk, type FakeAccount } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';

/**
 * Processing and commenting by keyboard (staff, through the whole renderer over the fake desk):
 * an action's button is disabled while it runs and may be gone afterwards (开始处理 becomes
 * 标记为已解决), which leaves the focus on <body> — so it goes to 工单处理's heading, and after a
 * comment back to the comment box, where the user reads or types on.
 */
const STAFF: FakeAccount = {
  operator: { id: 'ADM01', displayName: '陈静', roles: ['admin'], permissions: ['tickets.process'], team: null, totpEnabled: false, disabled: false },
  password: 'Admin#2026',
};
const COMPLAINT = { typeId: 'bank-complaint', typeVersion: 1, data: { customerName: '陈先生', category: 'fees', description: '年费重复收取' } };

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function openFiledTicket() {
  const fake = createFakeDesk({ accounts: [AGENT, STAFF] });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  const filed = await fake.desk.tickets.submit(COMPLAINT);
  if (!filed.ok) throw new Error(filed.error.code);
  const id = fake.tickets.deliverAll()[0]?.id ?? '';
  await fake.desk.session.logout();
  await fake.desk.session.login({ operatorId: STAFF.operator.id, password: STAFF.password });
  app = await mountApp(fake);
  await settle();
  fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: '工单' }));
  await settle();
  fireEvent.click(screen.getAllByTestId('ticket-row').find((r) => r.dataset['ticketId'] === id) as HTMLElement);
  await settle();
  return { fake, user: userEvent.setup() };
}

describe('ticket processing keeps the keyboard user’s place', () => {
  it('a status change whose button goes puts the focus on 工单处理, with what happened said there', async () => {
    const { user } = await openFiledTicket();
    screen.getByTestId('ticket-action-start').focus();
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.getByTestId('ticket-action-resolve')).toBeTruthy();
    const panel = screen.getByTestId('ticket-processing');
    expect(document.activeElement).toBe(within(panel).getByRole('heading', { name: '工单处理' }));
    expect(screen.getByTestId('ticket-processing-message').textContent).not.toBe('');
    // From there the next stop is the new status button.
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('ticket-action-resolve'));
  });

  it('a comment sent puts the focus back in the comment box when the send button lost it', async () => {
    const { user } = await openFiledTicket();
    const box = screen.getByTestId<HTMLTextAreaElement>('ticket-comment-body');
    await user.click(box);
    await user.keyboard('已联系客户');
    screen.getByTestId('ticket-comment-send').focus();
    // Chromium moves the focus off the button disabled under it while the comment is sent (busy); jsdom does not, so do it as the form submits.
    const blurOnSubmit = () => (document.activeElement as HTMLElement | null)?.blur();
    document.addEventListener('submit', blurOnSubmit, { capture: true });
    onTestFinished(() => document.removeEventListener('submit', blurOnSubmit, { capture: true }));
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.getAllByTestId('ticket-comment').map((c) => c.textContent)).toEqual([expect.stringContaining('已联系客户')]);
    expect(box.value).toBe('');
    expect(document.activeElement).toBe(box);
  });
});
