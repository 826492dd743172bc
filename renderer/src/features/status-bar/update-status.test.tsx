// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import type { UpdateStatus } from '../../../../electron/contract/updates.ts';
import { AGENT, createFakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.documentElement.lang = '';
});

const status = (s: Partial<UpdateStatus>): UpdateStatus => ({ state: 'idle', version: null, waitingFor: null, reason: null, progress: null, ...s });

describe('status bar: the updater', () => {
  it('says nothing while disabled or up to date, then what the agent needs to know, in both languages', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    app = await mountApp(fake);
    await settle();
    expect(screen.queryByTestId('update-status')).toBeNull();

    act(() => fake.emit('update.changed', status({ state: 'up-to-date' })));
    expect(screen.queryByTestId('update-status')).toBeNull();

    act(() => fake.emit('update.changed', status({ state: 'ready', version: '1.5.0', waitingFor: 'call' })));
    const line = screen.getByTestId('update-status');
    expect(line.textContent).toBe('更新 1.5.0 已就绪 — 本次通话结束后安装');
    expect(line.dataset.waitingFor).toBe('call');

    act(() => fake.emit('update.changed', status({ state: 'ready', version: '1.5.0', waitingFor: 'idle' })));
    expect(screen.getByTestId('update-status').textContent).toBe('更新 1.5.0 已就绪 — 锁屏或退出登录时安装');

    fireEvent.change(screen.getByTestId('language-switch'), { target: { value: 'en-US' } });
    await settle();
    expect(screen.getByTestId('update-status').textContent).toBe('Update 1.5.0 ready — installs when the screen locks or at sign-out');
    act(() => fake.emit('update.changed', status({ state: 'ready', version: '1.5.0', waitingFor: 'call' })));
    expect(screen.getByTestId('update-status').textContent).toBe('Update 1.5.0 ready — installs after this call');

    act(() => fake.emit('update.changed', status({ state: 'refused', reason: 'bad-signature' })));
    expect(screen.getByTestId('update-status').textContent).toBe('An update failed verification and was refused (recorded in the audit trail)');
    act(() => fake.emit('update.changed', status({ state: 'failed', reason: 'check-failed' })));
    expect(screen.queryByTestId('update-status')).toBeNull();
  });

  it('shows a status the desk already had when the bar mounts', async () => {
    app = await mountApp(createFakeDesk({ accounts: [AGENT], update: status({ state: 'installed', version: '2.0.0' }) }));
    await settle();
    expect(screen.getByTestId('update-status').textContent).toBe('更新 2.0.0 已安装，重新启动后生效');
  });
});
