// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { AGENT, createFakeDesk, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

let app: MountedApp | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  app?.unmount();
  app = null;
  vi.useRealTimers();
});

/** A desk whose agent is already signed in, as after a login in this workstation's session. */
async function signedIn(idleLockSeconds: number): Promise<FakeDesk> {
  const fake = createFakeDesk({ accounts: [AGENT], policy: { idleLockSeconds, watermark: true } });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  app = await mountApp(fake);
  await settle();
  return fake;
}

async function elapse(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
  await settle();
}

const lockScreen = () => screen.queryByTestId('lock-screen');

async function unlockWith(password: string) {
  fireEvent.change(screen.getByTestId('unlock-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('unlock-submit'));
  await settle();
}

describe('idle lock', () => {
  it('locks after the policy idle time, keeps the workspace mounted and inert, and unlocks it', async () => {
    const fake = await signedIn(60);
    const workspace = screen.getByTestId('workspace');
    expect(workspace.hasAttribute('inert')).toBe(false);

    await elapse(59_000);
    expect(lockScreen()).toBeNull();
    await elapse(1_000);
    expect(lockScreen()).not.toBeNull();

    const channels = fake.calls.map((c) => c.channel);
    expect(channels.lastIndexOf('session.lock')).toBeLessThan(channels.lastIndexOf('audit.record'));
    expect(fake.recorded.at(-1)).toEqual({ action: 'idle-locked', detail: '' });

    // Same DOM node underneath: nothing in the workspace was torn down.
    expect(screen.getByTestId('workspace')).toBe(workspace);
    expect(workspace.hasAttribute('inert')).toBe(true);

    await unlockWith('not the password');
    expect(screen.getByRole('alert').textContent).toBe('工号或密码错误。');
    expect(screen.getByTestId<HTMLInputElement>('unlock-password').value).toBe('');

    await unlockWith(AGENT.password);
    expect(lockScreen()).toBeNull();
    expect(screen.getByTestId('workspace')).toBe(workspace);
    expect(workspace.hasAttribute('inert')).toBe(false);
  });

  it('keeps a value typed in the workspace across lock and unlock', async () => {
    await signedIn(30);
    // No form lives in the workspace yet; an input added to its subtree stands in for one.
    const draft = document.createElement('input');
    screen.getByTestId('workspace').querySelector('main')?.append(draft);
    draft.value = '客户要求延期还款';

    await elapse(30_000);
    expect(lockScreen()).not.toBeNull();
    await unlockWith(AGENT.password);
    expect(draft.isConnected).toBe(true);
    expect(draft.value).toBe('客户要求延期还款');
  });

  it('is postponed by user activity', async () => {
    await signedIn(60);
    await elapse(50_000);
    fireEvent.keyDown(document.body, { key: 'a' });
    await elapse(50_000);
    fireEvent.wheel(document.body);
    await elapse(50_000);
    expect(lockScreen()).toBeNull();
    await elapse(10_000);
    expect(lockScreen()).not.toBeNull();
  });

  it('applies a new policy timeout immediately, measured from the last activity', async () => {
    const fake = await signedIn(600);
    await elapse(100_000);
    act(() => fake.setPolicy({ idleLockSeconds: 120, watermark: true }));
    await elapse(19_000);
    expect(lockScreen()).toBeNull();
    await elapse(1_000);
    expect(lockScreen()).not.toBeNull();
  });

  it('locks at once when a shorter timeout has already passed', async () => {
    const fake = await signedIn(600);
    await elapse(200_000);
    act(() => fake.setPolicy({ idleLockSeconds: 60, watermark: true }));
    await settle();
    expect(lockScreen()).not.toBeNull();
  });

  it('restarts the idle clock after unlocking', async () => {
    await signedIn(60);
    await elapse(60_000);
    await unlockWith(AGENT.password);
    await elapse(59_000);
    expect(lockScreen()).toBeNull();
    await elapse(1_000);
    expect(lockScreen()).not.toBeNull();
  });
});

describe('manual lock', () => {
  it('locks with Ctrl+Alt+L', async () => {
    const fake = await signedIn(600);
    fireEvent.keyDown(document.body, { key: 'l', code: 'KeyL', ctrlKey: true, altKey: true });
    await settle();
    expect(lockScreen()).not.toBeNull();
    // A manual lock is not an idle lock.
    expect(fake.recorded.some((r) => r.action === 'idle-locked')).toBe(false);
  });

  it('locks with the header button', async () => {
    await signedIn(600);
    fireEvent.click(screen.getByRole('button', { name: '锁屏' }));
    await settle();
    expect(lockScreen()).not.toBeNull();
    expect(screen.getByTestId('unlock-password')).toBe(document.activeElement);
  });
});
