// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AGENT, createFakeDesk, SUPERVISOR_WITH_TOTP, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, type MountedApp } from '../../test-support/render-app.tsx';

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function start(fake: FakeDesk) {
  app = await mountApp(fake);
  return { user: userEvent.setup(), fake };
}

const operatorField = () => screen.getByTestId<HTMLInputElement>('login-operator-id');
const passwordField = () => screen.getByTestId<HTMLInputElement>('login-password');

describe('login screen', () => {
  it('shows the institution name and labelled fields', async () => {
    await start(createFakeDesk({ accounts: [AGENT] }));
    expect(await screen.findByText('示例银行信用卡中心')).toBeTruthy();
    expect(screen.getByLabelText('工号')).toBe(operatorField());
    expect(screen.getByLabelText('密码')).toBe(passwordField());
    expect(passwordField().type).toBe('password');
  });

  it('shows the localized message on a wrong password, keeps the operator ID and clears the password', async () => {
    const { user } = await start(createFakeDesk({ accounts: [AGENT] }));
    await user.type(operatorField(), 'A1001');
    await user.type(passwordField(), 'wrong password{Enter}');

    const alert = await screen.findByTestId('login-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('工号或密码错误。');
    expect(operatorField().value).toBe('A1001');
    expect(passwordField().value).toBe('');
    expect(screen.queryByTestId('workspace')).toBeNull();
  });

  it('validates locally before calling the desk', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    const { user } = await start(fake);
    await user.click(screen.getByTestId('login-submit'));
    expect(screen.getByTestId('login-error').textContent).toBe('请输入工号和密码。');
    await user.type(operatorField(), 'A 1001');
    await user.type(passwordField(), 'x{Enter}');
    expect(screen.getByTestId('login-error').textContent).toContain('工号只能包含');
    expect(fake.calls.some((c) => c.channel === 'session.login')).toBe(false);
  });

  it('signs in with Enter and opens the workspace', async () => {
    const { user } = await start(createFakeDesk({ accounts: [AGENT] }));
    await user.type(operatorField(), 'A1001');
    await user.type(passwordField(), `${AGENT.password}{Enter}`);
    expect(await screen.findByTestId('workspace')).toBeTruthy();
    expect(screen.getByTestId('operator-name').textContent).toBe('李娜（A1001）');
  });

  it('goes to the TOTP step on totp_required without losing the operator ID, then signs in', async () => {
    const fake = createFakeDesk({ accounts: [SUPERVISOR_WITH_TOTP] });
    const { user } = await start(fake);
    await user.type(operatorField(), 'S2001');
    await user.type(passwordField(), `${SUPERVISOR_WITH_TOTP.password}{Enter}`);

    const code = await screen.findByTestId<HTMLInputElement>('totp-code');
    expect(code.inputMode).toBe('numeric');
    expect(screen.getByText('工号：S2001')).toBeTruthy();
    expect(screen.queryByTestId('login-error')).toBeNull();

    await user.type(code, '000000{Enter}');
    expect((await screen.findByTestId('login-error')).textContent).toBe('动态口令错误或已过期。');
    expect(screen.getByTestId<HTMLInputElement>('totp-code').value).toBe('');

    await user.type(screen.getByTestId('totp-code'), SUPERVISOR_WITH_TOTP.totp ?? '');
    await user.click(screen.getByTestId('totp-submit'));
    expect(await screen.findByTestId('workspace')).toBeTruthy();
    const logins = fake.calls.filter((c) => c.channel === 'session.login').map((c) => c.payload);
    expect(logins.at(-1)).toEqual({ operatorId: 'S2001', password: SUPERVISOR_WITH_TOTP.password, totp: SUPERVISOR_WITH_TOTP.totp });
  });

  it('returns from the TOTP step with Escape, keeping the operator ID', async () => {
    const { user } = await start(createFakeDesk({ accounts: [SUPERVISOR_WITH_TOTP] }));
    await user.type(operatorField(), 'S2001');
    await user.type(passwordField(), `${SUPERVISOR_WITH_TOTP.password}{Enter}`);
    await screen.findByTestId('totp-code');
    await user.keyboard('{Escape}');
    expect(operatorField().value).toBe('S2001');
    expect(passwordField().value).toBe('');
    expect(screen.queryByTestId('totp-code')).toBeNull();
  });

  it('says how many minutes a locked account must wait', async () => {
    const locked = { ...AGENT, lockedForSeconds: 600 };
    const { user } = await start(createFakeDesk({ accounts: [locked] }));
    await user.type(operatorField(), 'A1001');
    await user.type(passwordField(), `${AGENT.password}{Enter}`);
    expect((await screen.findByTestId('login-error')).textContent).toBe('账户已被锁定，请在 10 分钟后重试。');
  });

  it('disables the button and shows progress while signing in', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    const release = fake.holdNext('session.login');
    const { user } = await start(fake);
    await user.type(operatorField(), 'A1001');
    await user.type(passwordField(), `${AGENT.password}{Enter}`);
    const button = screen.getByTestId<HTMLButtonElement>('login-submit');
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('正在登录…');
    await act(async () => release());
    expect(await screen.findByTestId('workspace')).toBeTruthy();
  });

  it('tells why the session ended when the institution revokes it', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    const { user } = await start(fake);
    await user.type(operatorField(), 'A1001');
    await user.type(passwordField(), `${AGENT.password}{Enter}`);
    await screen.findByTestId('workspace');

    act(() => fake.endSession('revoked'));
    expect(screen.queryByTestId('workspace')).toBeNull();
    expect(screen.getByTestId('logged-out-reason').textContent).toBe('会话已被机构终止，请重新登录。');
    expect(operatorField().value).toBe('');
  });

  it('shows no enrollment notice on an enrolled workstation', async () => {
    await start(createFakeDesk({ accounts: [AGENT] }));
    await screen.findByTestId('login-submit');
    expect(screen.queryByTestId('enrollment-refused')).toBeNull();
  });

  it('warns at once when the institution refused to enroll this workstation', async () => {
    await start(createFakeDesk({ accounts: [AGENT], enrollment: 'refused' }));
    const notice = await screen.findByTestId('enrollment-refused');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toBe('机构拒绝登记本工作站，暂时无法登录。请联系 IT 人员重新登记本工作站。');
  });

  it('a login refused as not enrolled gives the localized message and brings up the notice', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], enrollment: 'pending', settings: { language: 'en-US' } });
    const { user } = await start(fake);
    await user.type(operatorField(), 'A1001');
    await user.type(passwordField(), `${AGENT.password}{Enter}`);
    expect((await screen.findByTestId('login-error')).textContent).toBe('This workstation is not registered with the institution. Contact IT.');
    expect((await screen.findByTestId('enrollment-refused')).textContent).toContain('refused to enroll this workstation');
    expect(screen.queryByTestId('workspace')).toBeNull();
    expect(operatorField().value).toBe('A1001');
  });
});
