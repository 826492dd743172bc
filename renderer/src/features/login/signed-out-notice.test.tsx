// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk, SUPERVISOR_WITH_TOTP, type FakeAccount } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

/**
 * Why the last session ended (您已退出登录 …) is news only until the user tries again: it
 * must not sit above a new error, nor on the TOTP step, where it would read as the answer
 * to the attempt in progress.
 */
let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

/** Signed in, then signed out from the status bar: the login screen with the 您已退出登录 notice. */
async function signedOut(account: FakeAccount) {
  const fake = createFakeDesk({ accounts: [account] });
  await fake.desk.session.login({ operatorId: account.operator.id, password: account.password, ...(account.totp ? { totp: account.totp } : {}) });
  app = await mountApp(fake);
  await settle();
  const user = userEvent.setup();
  await user.click(screen.getByTestId('logout'));
  await settle();
  expect(screen.getByTestId('logged-out-reason').textContent).toBe('您已退出登录。');
  return { fake, user };
}

const notice = () => screen.queryByTestId('logged-out-reason');

describe('the signed-out notice', () => {
  it('goes when a new attempt fails, so only the new error shows', async () => {
    const { user } = await signedOut(AGENT);
    await user.type(screen.getByTestId('login-operator-id'), 'A1001');
    await user.type(screen.getByTestId('login-password'), 'wrong password{Enter}');
    expect((await screen.findByTestId('login-error')).textContent).toBe('工号或密码错误。');
    expect(notice()).toBeNull();
  });

  it('goes with a local validation message too', async () => {
    const { user } = await signedOut(AGENT);
    await user.click(screen.getByTestId('login-submit'));
    expect(screen.getByTestId('login-error').textContent).toBe('请输入工号和密码。');
    expect(notice()).toBeNull();
  });

  it('is not on the TOTP step, nor back on the credentials after it', async () => {
    const { user } = await signedOut(SUPERVISOR_WITH_TOTP);
    await user.type(screen.getByTestId('login-operator-id'), 'S2001');
    await user.type(screen.getByTestId('login-password'), `${SUPERVISOR_WITH_TOTP.password}{Enter}`);
    await screen.findByTestId('totp-code');
    expect(screen.queryByTestId('login-error')).toBeNull();
    expect(notice()).toBeNull();
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('login-operator-id')).toBeTruthy();
    expect(notice()).toBeNull();
  });

  it('stays while the user has not tried again, and a revocation says why', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    app = await mountApp(fake);
    await settle();
    act(() => fake.endSession('revoked'));
    const user = userEvent.setup();
    await user.type(screen.getByTestId('login-operator-id'), 'A1001');
    expect(notice()?.textContent).toBe('会话已被机构终止，请重新登录。');
    expect(notice()?.dataset.reason).toBe('revoked');
  });
});
