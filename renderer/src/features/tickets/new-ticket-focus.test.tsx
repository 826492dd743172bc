// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

/**
 * A new ticket by keyboard alone, through the whole renderer over the fake desk: Ctrl+Alt+N
 * puts the focus on the type picker (not on <body>: the button or key that opened it leaves
 * nothing focused), Esc cancels it, a chosen type's form has the focus on its title, and a
 * form closed without filing gives the focus back to 新建工单.
 */
let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function signIn() {
  const fake = createFakeDesk({ accounts: [AGENT] });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  app = await mountApp(fake);
  await settle();
  return userEvent.setup();
}
const pressNewTicket = async () => {
  act(() => {
    window.dispatchEvent(new KeyboardEvent('keydown', { ctrlKey: true, altKey: true, code: 'KeyN', key: 'n', bubbles: true }));
  });
  await settle();
};

describe('tickets: a new ticket keeps the keyboard user’s place', () => {
  it('Ctrl+Alt+N focuses the picker, Esc cancels it and the focus returns to 新建工单', async () => {
    const user = await signIn();
    await pressNewTicket();
    const picker = screen.getByTestId('ticket-type-picker');
    expect(document.activeElement).toBe(within(picker).getByRole('heading', { name: '选择工单类型' }));
    // The next stop is the first type.
    await user.tab();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('ticket-type');

    await user.keyboard('{Escape}');
    await settle();
    expect(screen.queryByTestId('ticket-type-picker')).toBeNull();
    expect(screen.getByTestId('ticket-list')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('ticket-new'));
  });

  it('a chosen type’s form has the focus on its title; 关闭（保留草稿） gives it back to 新建工单', async () => {
    const user = await signIn();
    await pressNewTicket();
    await user.tab();
    await user.keyboard('{Enter}');
    await settle();
    const form = screen.getByTestId('ticket-form');
    expect(document.activeElement).toBe(within(form).getAllByRole('heading', { level: 2 })[0]);
    // One Tab to the first field.
    await user.tab();
    expect(document.activeElement?.closest('.ticket-field')).not.toBeNull();

    screen.getByTestId('ticket-form-close').focus();
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.queryByTestId('ticket-form')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('ticket-new'));
  });
});
