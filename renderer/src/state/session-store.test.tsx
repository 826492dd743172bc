// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { AGENT, createFakeDesk } from '../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../test-support/render-app.tsx';
import { createSessionStore } from './session-store.ts';

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('session store', () => {
  it('loads the desk info and follows session, policy and audit events', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], backlog: 2 });
    const store = createSessionStore(fake.desk);
    const stop = store.getState().start();
    await act(async () => {});
    expect(store.getState()).toMatchObject({ phase: 'ready', workstationId: 'WS-SH-0042', enrollment: 'enrolled', connection: 'online', auditBacklog: 2 });

    await store.getState().login({ operatorId: AGENT.operator.id, password: AGENT.password });
    expect(store.getState().session).toEqual({ status: 'active', operator: AGENT.operator });
    fake.setPolicy({ idleLockSeconds: 42, watermark: false });
    expect(store.getState().policy).toEqual({ idleLockSeconds: 42, watermark: false });

    stop();
    expect(fake.listenerCount('session.changed')).toBe(0);
    expect(fake.listenerCount('policy.changed')).toBe(0);
  });

  it('follows enrollment changes as events, without polling the desk info', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], enrollment: 'pending' });
    const store = createSessionStore(fake.desk);
    const stop = store.getState().start();
    await act(async () => {});
    expect(store.getState().enrollment).toBe('pending');
    const infos = () => fake.calls.filter((c) => c.channel === 'session.info').length;
    const before = infos();
    // Core settles the pending enrollment while the login waits for it, and says so.
    expect(await store.getState().login({ operatorId: AGENT.operator.id, password: AGENT.password })).toEqual({ ok: false, error: { code: 'workstation_not_enrolled' } });
    expect(store.getState().enrollment).toBe('refused');
    expect(store.getState().session).toEqual({ status: 'logged-out', reason: null });
    act(() => fake.emit('enrollment.changed', 'enrolled'));
    expect(store.getState().enrollment).toBe('enrolled');
    expect(infos()).toBe(before);
    stop();
    expect(fake.listenerCount('enrollment.changed')).toBe(0);
    expect(fake.listenerCount('connection.changed')).toBe(0);
  });

  it('keeps what events said while the desk info was on its way', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], enrollment: 'pending', connection: 'online' });
    const release = fake.holdNext('session.info');
    const store = createSessionStore(fake.desk);
    const stop = store.getState().start();
    // Newer than the answer on its way, which still says pending / online.
    act(() => {
      fake.emit('enrollment.changed', 'enrolled');
      fake.emit('connection.changed', 'offline');
    });
    release();
    await settle();
    expect(store.getState()).toMatchObject({ phase: 'ready', workstationId: 'WS-SH-0042', enrollment: 'enrolled', connection: 'offline' });
    stop();
  });

  it('reports a transport that throws as an internal error instead of throwing', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    const broken = { ...fake.desk, session: { ...fake.desk.session, login: () => Promise.reject(new Error('pipe closed')) } };
    const store = createSessionStore(broken);
    await expect(store.getState().login({ operatorId: 'A1001', password: 'x' })).resolves.toEqual({ ok: false, error: { code: 'internal' } });
  });

  it('logout forgets the operator and every per-session choice, and stores nothing', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    app = await mountApp(fake);
    fireEvent.change(screen.getByTestId('login-operator-id'), { target: { value: AGENT.operator.id } });
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: AGENT.password } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await settle();
    expect(app.stores.ui.getState().activeArea).toBe('session-security');
    expect(JSON.stringify(app.stores.session.getState())).toContain(AGENT.operator.displayName);

    fireEvent.click(screen.getByTestId('logout'));
    await settle();

    const state = app.stores.session.getState();
    expect(state.session).toEqual({ status: 'logged-out', reason: 'user' });
    const remembered = JSON.stringify(state);
    for (const secretOrPersonal of [AGENT.operator.id, AGENT.operator.displayName, AGENT.operator.team ?? '', AGENT.password]) {
      expect(remembered).not.toContain(secretOrPersonal);
    }
    expect(app.stores.ui.getState().activeArea).toBeNull();
    expect(screen.queryByText(AGENT.operator.displayName, { exact: false })).toBeNull();
    // The renderer writes nothing to web storage (the language lives in the desk core).
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('forgets the operator when the institution revokes the session', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    app = await mountApp(fake);
    await settle();
    expect(app.stores.ui.getState().activeArea).toBe('session-security');
    act(() => fake.endSession('operator-disabled'));
    expect(JSON.stringify(app.stores.session.getState())).not.toContain(AGENT.operator.displayName);
    expect(app.stores.ui.getState().activeArea).toBeNull();
    expect(screen.getByTestId('logged-out-reason').textContent).toBe('您的账户已被机构停用，请联系机构管理员。');
  });
});
