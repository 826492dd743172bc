// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { AGENT, createFakeDesk, type FakeDesk } from '../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../test-support/render-app.tsx';

/**
 * A shared seat serves many agents: the language is each operator's own (core keeps it
 * per operator, see electron/core/settings/desk-settings.ts), the login screen shows the
 * workstation's default. These tests drive the real app through the login form.
 */
let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.documentElement.lang = '';
});

async function signIn(account: { operator: { id: string }; password: string }) {
  fireEvent.change(screen.getByTestId('login-operator-id'), { target: { value: account.operator.id } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: account.password } });
  fireEvent.click(screen.getByTestId('login-submit'));
  await settle();
}

async function signOut() {
  fireEvent.click(screen.getByTestId('logout'));
  await settle();
}

const settingsGets = (fake: FakeDesk) => fake.calls.filter((c) => c.channel === 'settings.get').length;

describe('language per operator', () => {
  it("switches to the operator's language on sign-in and back to the workstation's on sign-out", async () => {
    const fake = createFakeDesk({ accounts: [AGENT], settings: { language: 'zh-CN' }, operatorSettings: { [AGENT.operator.id]: { language: 'en-US' } } });
    app = await mountApp(fake);
    await settle();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByTestId('login-submit').textContent).toBe('登录');

    await signIn(AGENT);
    expect(screen.getByTestId('workspace')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en-US');
    expect(screen.getByTestId<HTMLSelectElement>('language-switch').value).toBe('en-US');

    await signOut();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByTestId('login-submit').textContent).toBe('登录');
  });

  it("keeps an operator's choice for that operator only, and goes back to the seat default when the institution ends the session", async () => {
    const other = { ...AGENT, operator: { ...AGENT.operator, id: 'A1009', displayName: '赵敏' }, password: 'other secret' };
    const fake = createFakeDesk({ accounts: [AGENT, other] });
    app = await mountApp(fake);
    await settle();

    await signIn(AGENT);
    expect(document.documentElement.lang).toBe('zh-CN'); // no choice yet: the seat default
    fireEvent.change(screen.getByTestId('language-switch'), { target: { value: 'en-US' } });
    await settle();
    expect(fake.savedSettings()).toEqual({ language: 'en-US' });
    act(() => fake.endSession('revoked'));
    await settle();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(fake.savedSettings()).toEqual({ language: 'zh-CN' });

    await signIn(other);
    expect(document.documentElement.lang).toBe('zh-CN');
    await signOut();
    await signIn(AGENT);
    expect(document.documentElement.lang).toBe('en-US');
  });

  it('does not ask again on lock and unlock: the operator stays the same', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], operatorSettings: { [AGENT.operator.id]: { language: 'en-US' } } });
    app = await mountApp(fake);
    await settle();
    await signIn(AGENT);
    const asked = settingsGets(fake);
    act(() => fake.coreLocks());
    fireEvent.change(screen.getByTestId('unlock-password'), { target: { value: AGENT.password } });
    fireEvent.click(screen.getByTestId('unlock-submit'));
    await settle();
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(settingsGets(fake)).toBe(asked);
    expect(document.documentElement.lang).toBe('en-US');
  });
});
