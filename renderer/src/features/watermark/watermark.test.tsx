// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { AGENT, createFakeDesk, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';
import { formatWatermarkTime } from './use-minute-clock.ts';

let app: MountedApp | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date(2025, 2, 14, 9, 41, 30));
});
afterEach(() => {
  app?.unmount();
  app = null;
  vi.useRealTimers();
});

async function signedIn(watermark: boolean): Promise<FakeDesk> {
  const fake = createFakeDesk({ accounts: [AGENT], workstationId: 'WS-SH-0042', policy: { idleLockSeconds: 3600, watermark } });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  app = await mountApp(fake);
  await settle();
  return fake;
}

describe('watermark', () => {
  it('tiles the operator ID, workstation ID and time over the window, out of the way', async () => {
    await signedIn(true);
    const mark = screen.getByTestId('watermark');
    expect(mark.getAttribute('aria-hidden')).toBe('true');
    expect(mark.textContent).toContain('A1001');
    expect(mark.textContent).toContain('WS-SH-0042');
    expect(mark.textContent).toContain('2025-03-14 09:41');
    expect(mark.querySelectorAll('.watermark__tile').length).toBeGreaterThan(20);
    // It is not part of the workspace, so it also covers the lock screen.
    expect(screen.getByTestId('workspace').contains(mark)).toBe(false);
  });

  it('is absent when the policy turns it off, and follows live policy changes', async () => {
    const fake = await signedIn(false);
    expect(screen.queryByTestId('watermark')).toBeNull();
    act(() => fake.setPolicy({ idleLockSeconds: 3600, watermark: true }));
    expect(screen.getByTestId('watermark')).toBeTruthy();
    act(() => fake.setPolicy({ idleLockSeconds: 3600, watermark: false }));
    expect(screen.queryByTestId('watermark')).toBeNull();
  });

  it('stays over the lock screen', async () => {
    await signedIn(true);
    fireEvent.keyDown(document.body, { key: 'l', code: 'KeyL', ctrlKey: true, altKey: true });
    await settle();
    expect(screen.getByTestId('lock-screen')).toBeTruthy();
    expect(screen.getByTestId('watermark').textContent).toContain('A1001');
  });

  it('moves on with the clock, minute by minute', async () => {
    await signedIn(true);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_000);
    });
    expect(screen.getByTestId('watermark').textContent).toContain('2025-03-14 09:42');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(screen.getByTestId('watermark').textContent).toContain('2025-03-14 09:43');
  });

  it('disappears with the session', async () => {
    const fake = await signedIn(true);
    act(() => fake.endSession('expired'));
    expect(screen.queryByTestId('watermark')).toBeNull();
  });
});

describe('formatWatermarkTime', () => {
  it('formats local time to the minute with zero padding', () => {
    expect(formatWatermarkTime(new Date(2025, 0, 5, 7, 3, 59).getTime())).toBe('2025-01-05 07:03');
  });
});
