// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { AGENT, createFakeDesk, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';
import { heartbeatIntervalMs } from './use-activity-heartbeat.ts';

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
const called = (fake: FakeDesk, channel: string) => fake.calls.filter((c) => c.channel === channel).length;

async function unlockWith(password: string) {
  fireEvent.change(screen.getByTestId('unlock-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('unlock-submit'));
  await settle();
}

describe('lock screen (core decides, the renderer shows)', () => {
  it('appears when core announces the lock, keeps the workspace mounted and inert, and unlocks it', async () => {
    const fake = await signedIn(60);
    const workspace = screen.getByTestId('workspace');
    expect(workspace.hasAttribute('inert')).toBe(false);
    const recordedBefore = fake.recorded.length;

    act(() => fake.coreLocks());
    expect(lockScreen()).not.toBeNull();
    // Core audits its own lock: the renderer neither locks nor records anything for it.
    expect(called(fake, 'session.lock')).toBe(0);
    expect(fake.recorded.length).toBe(recordedBefore);

    // Same DOM node underneath: nothing in the workspace was torn down.
    expect(screen.getByTestId('workspace')).toBe(workspace);
    expect(workspace.hasAttribute('inert')).toBe(true);

    await unlockWith('not the password');
    expect(screen.getByRole('alert').textContent).toBe('密码错误，请重新输入。');
    expect(screen.getByTestId<HTMLInputElement>('unlock-password').value).toBe('');

    await unlockWith(AGENT.password);
    expect(lockScreen()).toBeNull();
    expect(screen.getByTestId('workspace')).toBe(workspace);
    expect(workspace.hasAttribute('inert')).toBe(false);
  });

  it('keeps a value typed in the workspace across lock and unlock', async () => {
    const fake = await signedIn(30);
    // No form lives in the workspace yet; an input added to its subtree stands in for one.
    const draft = document.createElement('input');
    screen.getByTestId('workspace').querySelector('main')?.append(draft);
    draft.value = '客户要求延期还款';

    act(() => fake.coreLocks());
    expect(lockScreen()).not.toBeNull();
    await unlockWith(AGENT.password);
    expect(draft.isConnected).toBe(true);
    expect(draft.value).toBe('客户要求延期还款');
  });

  it('never locks by itself: an idle renderer only stops reporting activity', async () => {
    const fake = await signedIn(60);
    await elapse(10 * 60_000);
    expect(lockScreen()).toBeNull();
    expect(called(fake, 'session.lock')).toBe(0);
    expect(fake.activityReports()).toBe(0);
  });
});

describe('activity heartbeats', () => {
  it('reports input at once after a quiet interval, then at most once per interval (trailing)', async () => {
    const fake = await signedIn(60); // interval: min(15 s, 60 s / 3)
    await elapse(20_000);
    fireEvent.keyDown(document.body, { key: 'a' });
    await settle();
    expect(fake.activityReports()).toBe(1);

    // Constant input (pointermove fires all the time) for the next 45 s.
    for (let t = 0; t < 45_000; t += 500) {
      fireEvent.pointerMove(document.body);
      fireEvent.wheel(document.body);
      await elapse(500);
      // Never two heartbeats within one interval.
      expect(fake.activityReports()).toBe(1 + Math.floor((t + 500) / 15_000));
    }
    expect(fake.activityReports()).toBe(4);

    // Input right after a heartbeat is not lost: it goes out when the interval ends.
    fireEvent.pointerDown(document.body);
    await elapse(14_999);
    expect(fake.activityReports()).toBe(4);
    await elapse(1);
    expect(fake.activityReports()).toBe(5);
    // Without input, nothing more.
    await elapse(120_000);
    expect(fake.activityReports()).toBe(5);
  });

  it('sends nothing while locked; resumes after the unlock', async () => {
    const fake = await signedIn(60);
    await elapse(20_000);
    act(() => fake.coreLocks());
    fireEvent.keyDown(document.body, { key: 'a' });
    fireEvent.pointerMove(document.body);
    await elapse(60_000);
    expect(fake.activityReports()).toBe(0);

    await unlockWith(AGENT.password);
    // Core restarts its idle clock on unlock: that counts as the last heartbeat.
    fireEvent.keyDown(document.body, { key: 'a' });
    await settle();
    expect(fake.activityReports()).toBe(0);
    await elapse(15_000);
    expect(fake.activityReports()).toBe(1);
  });

  it('sends nothing once signed out (a pending heartbeat is dropped)', async () => {
    const fake = await signedIn(60);
    fireEvent.keyDown(document.body, { key: 'a' }); // within the first interval: pending
    act(() => fake.endSession('revoked'));
    await elapse(60_000);
    fireEvent.keyDown(document.body, { key: 'a' });
    await elapse(60_000);
    expect(fake.activityReports()).toBe(0);
    expect(called(fake, 'activity.report')).toBe(0);
  });

  it('follows a live policy change: a shorter idle time means closer heartbeats', async () => {
    const fake = await signedIn(600);
    act(() => fake.setPolicy({ idleLockSeconds: 6, watermark: true })); // interval 2 s
    await settle();
    fireEvent.keyDown(document.body, { key: 'a' });
    await elapse(1_999);
    expect(fake.activityReports()).toBe(0);
    await elapse(1);
    expect(fake.activityReports()).toBe(1);
  });

  it('spaces heartbeats a third of the idle time apart, between 1 s and 15 s', () => {
    expect(heartbeatIntervalMs(1)).toBe(1_000);
    expect(heartbeatIntervalMs(2)).toBe(1_000);
    expect(heartbeatIntervalMs(6)).toBe(2_000);
    expect(heartbeatIntervalMs(30)).toBe(10_000);
    expect(heartbeatIntervalMs(45)).toBe(15_000);
    expect(heartbeatIntervalMs(3_600)).toBe(15_000);
  });
});

describe('manual lock', () => {
  it('locks with Ctrl+Alt+L', async () => {
    const fake = await signedIn(600);
    const recordedBefore = fake.recorded.length;
    fireEvent.keyDown(document.body, { key: 'l', code: 'KeyL', ctrlKey: true, altKey: true });
    await settle();
    expect(lockScreen()).not.toBeNull();
    expect(called(fake, 'session.lock')).toBe(1);
    // A manual lock records nothing extra (core audits session.locked).
    expect(fake.recorded.length).toBe(recordedBefore);
  });

  it('locks with the header button', async () => {
    await signedIn(600);
    fireEvent.click(screen.getByRole('button', { name: '锁屏' }));
    await settle();
    expect(lockScreen()).not.toBeNull();
    expect(screen.getByTestId('unlock-password')).toBe(document.activeElement);
  });
});
