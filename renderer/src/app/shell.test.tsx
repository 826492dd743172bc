// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk, type FakeDesk } from '../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../test-support/render-app.tsx';

/** The shell as a new user meets it: sign in, lock, unlock — where the focus goes, what the lock screen says. */
let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.documentElement.lang = '';
});

async function signInWithKeyboard(fake: FakeDesk) {
  app = await mountApp(fake);
  await settle();
  const user = userEvent.setup();
  // The operator ID has the focus on arrival; Tab to the password, Enter to sign in.
  expect(document.activeElement).toBe(screen.getByTestId('login-operator-id'));
  await user.keyboard('A1001');
  await user.tab();
  await user.keyboard(`${AGENT.password}{Enter}`);
  await screen.findByTestId('workspace');
  await settle();
  return user;
}

const heading = () => within(screen.getByRole('main')).getByRole('heading', { level: 1 });

async function unlockWith(user: ReturnType<typeof userEvent.setup>, password: string) {
  expect(document.activeElement).toBe(screen.getByTestId('unlock-password'));
  await user.keyboard(`${password}{Enter}`);
  await settle();
}

describe('focus after sign-in and unlock', () => {
  it('lands on the workspace heading after sign-in, not on <body>', async () => {
    await signInWithKeyboard(createFakeDesk({ accounts: [AGENT] }));
    expect(document.activeElement).toBe(heading());
    expect(heading().textContent).toBe('会话与安全');
  });

  it('returns after unlock to the control the operator locked from', async () => {
    const user = await signInWithKeyboard(createFakeDesk({ accounts: [AGENT] }));
    const lockButton = screen.getByRole('button', { name: '锁屏' });
    await user.click(lockButton);
    await settle();
    await unlockWith(user, AGENT.password);
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(document.activeElement).toBe(lockButton);
  });

  it('returns after an idle lock (core) to where the operator was', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    const user = await signInWithKeyboard(fake);
    const navItem = screen.getByRole('button', { name: '会话与安全' });
    navItem.focus();
    act(() => fake.coreLocks());
    await settle();
    await unlockWith(user, AGENT.password);
    expect(document.activeElement).toBe(navItem);
  });

  it('goes to the heading after unlock when the operator was nowhere in the workspace', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    const user = await signInWithKeyboard(fake);
    heading().blur();
    expect(document.activeElement).toBe(document.body);
    act(() => fake.coreLocks());
    await settle();
    await unlockWith(user, AGENT.password);
    expect(document.activeElement).toBe(heading());
  });
});

describe('the lock screen asks for a password only, and says so when it is wrong', () => {
  it.each([
    ['zh-CN', '密码错误，请重新输入。'],
    ['en-US', 'Wrong password. Try again.'],
  ] as const)('%s', async (language, expected) => {
    const fake = createFakeDesk({ accounts: [AGENT], settings: { language } });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    app = await mountApp(fake);
    await settle();
    act(() => fake.coreLocks());
    await settle();
    const user = userEvent.setup();
    await unlockWith(user, 'not the password');
    const alert = within(screen.getByTestId('lock-screen')).getByRole('alert');
    expect(alert.textContent).toBe(expected);
    // Never the login screen's "wrong operator ID or password": there is no ID field here.
    expect(alert.textContent).not.toMatch(/工号|operator ID/i);
  });
});
