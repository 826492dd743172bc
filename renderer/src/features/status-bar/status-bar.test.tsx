// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { AGENT, createFakeDesk, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.documentElement.lang = '';
});

async function mount(fake: FakeDesk) {
  app = await mountApp(fake);
  await settle();
  return fake;
}

const switchTo = (language: string) => fireEvent.change(screen.getByTestId('language-switch'), { target: { value: language } });

describe('status bar', () => {
  it('shows the institution connection and follows its changes', async () => {
    const fake = await mount(createFakeDesk({ accounts: [AGENT], connection: 'online' }));
    const status = screen.getByTestId('connection-status');
    expect(status.textContent).toBe('机构连接：在线');
    expect(status.dataset.state).toBe('online');
    act(() => fake.emit('connection.changed', 'offline'));
    expect(status.textContent).toBe('机构连接：离线');
    act(() => fake.emit('connection.changed', 'connecting'));
    expect(status.dataset.state).toBe('connecting');
  });

  it('shows the records waiting to sync in words an agent uses, with the count, and follows its changes', async () => {
    const fake = await mount(createFakeDesk({ accounts: [AGENT], backlog: 4 }));
    const backlog = screen.getByTestId('audit-backlog');
    expect(backlog.textContent).toBe('待同步记录：4');
    act(() => fake.emit('audit.status-changed', { backlog: 0 }));
    expect(backlog.textContent).toBe('待同步记录：0');
    expect(backlog.dataset.count).toBe('0');
    switchTo('en-US');
    expect(backlog.textContent).toBe('Records waiting to sync: 0');
    // No auditor's jargon on an agent's status bar, in either language.
    expect(`${backlog.textContent} ${backlog.title}`).not.toMatch(/审计|投递|audit|deliver/i);
  });

  it('shows the versions from desk.system.versions: the browser demo says so instead of inventing Electron and Chromium', async () => {
    await mount(createFakeDesk({ accounts: [AGENT], versions: { app: '0.3.0', electron: null, chrome: null, node: '24.11.0' } }));
    const version = await screen.findByTestId('app-version');
    expect(version.textContent).toBe('版本 0.3.0 · 浏览器演示');
    switchTo('en-US');
    expect(version.textContent).toBe('Version 0.3.0 · browser demo');
  });

  it('shows the app, Electron and Chromium versions on the desktop', async () => {
    await mount(createFakeDesk({ accounts: [AGENT], versions: { app: '0.3.0', electron: '45.1.0', chrome: '140.0.7339.133', node: '24.11.0' } }));
    expect((await screen.findByTestId('app-version')).textContent).toBe('版本 0.3.0 · Electron 45.1.0 · Chromium 140.0.7339.133');
  });

  it('switches the language of every text, the document title and <html lang>, and has the core store it', async () => {
    const fake = await mount(createFakeDesk({ accounts: [AGENT] }));
    expect(screen.getByTestId('login-submit').textContent).toBe('登录');
    expect(document.title).toBe('ChannelDesk 坐席工作台');
    expect(document.documentElement.lang).toBe('zh-CN');

    switchTo('en-US');
    expect(screen.getByTestId('login-submit').textContent).toBe('Sign in');
    expect(screen.getByLabelText('Operator ID')).toBe(screen.getByTestId('login-operator-id'));
    expect(screen.getByTestId('connection-status').textContent).toBe('Institution connection: Online');
    expect(document.title).toBe('ChannelDesk Agent Desktop');
    expect(document.documentElement.lang).toBe('en-US');
    await settle();
    expect(fake.savedSettings()).toEqual({ language: 'en-US' });
    // The page itself keeps nothing: web storage stays empty.
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('starts in the language the core has stored (zh-CN until it answers)', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], settings: { language: 'en-US' } });
    const release = fake.holdNext('settings.get');
    await mount(fake);
    expect(screen.getByTestId('login-submit').textContent).toBe('登录');
    expect(document.documentElement.lang).toBe('zh-CN');
    release();
    await settle();
    expect(screen.getByTestId('login-submit').textContent).toBe('Sign in');
    expect(screen.getByTestId<HTMLSelectElement>('language-switch').value).toBe('en-US');
    expect(document.documentElement.lang).toBe('en-US');
  });

  it('a language chosen in one run is what a freshly started renderer shows', async () => {
    const fake = await mount(createFakeDesk({ accounts: [AGENT] }));
    switchTo('en-US');
    await settle();
    app?.unmount();
    app = null;
    document.documentElement.lang = '';

    // A new renderer over the same core, as after a restart of the desktop (memory-only partition).
    await mount(fake);
    expect(screen.getByTestId('login-submit').textContent).toBe('Sign in');
    expect(screen.getByTestId<HTMLSelectElement>('language-switch').value).toBe('en-US');
    expect(document.documentElement.lang).toBe('en-US');
    expect(localStorage.length).toBe(0);
  });

  it('a language set through desk.settings is what a freshly started app shows', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    expect(await fake.desk.settings.set({ language: 'en-US' })).toEqual({ ok: true, value: { language: 'en-US' } });
    await mount(fake);
    expect(screen.getByTestId('login-submit').textContent).toBe('Sign in');
    expect(document.title).toBe('ChannelDesk Agent Desktop');
  });

  it('audits a language change only while someone is signed in', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await mount(fake);
    switchTo('en-US');
    await settle();
    expect(fake.recorded).toEqual([]);

    await act(async () => {
      await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    });
    await settle();
    switchTo('zh-CN');
    await settle();
    expect(fake.recorded.filter((r) => r.action === 'language-changed')).toEqual([{ action: 'language-changed', detail: 'zh-CN' }]);
  });

  it('offers sign-out only when signed in, and signing out returns to the login screen', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await mount(fake);
    expect(screen.queryByTestId('logout')).toBeNull();
    await act(async () => {
      await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    });
    fireEvent.click(screen.getByTestId('logout'));
    await settle();
    expect(screen.queryByTestId('workspace')).toBeNull();
    expect(screen.getByTestId('login-submit')).toBeTruthy();
    expect(screen.getByTestId('logged-out-reason').textContent).toBe('您已退出登录。');
  });
});
