import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels, IPC_PREFIX } from '../../contract/channels.ts';
import type { DeskResult } from '../../contract/errors.ts';
import type { SecurityEvent } from '../security-events.ts';
import { FakeFrame, FakeIpcMain, FakeWebContents } from '../testing/fake-electron.ts';
import { createWebContentsRegistry } from '../window-registry.ts';
import { forwardCoreEvents } from './event-fanout.ts';
import { registerIpcHandlers, type InvokeEvent } from './ipc-main.ts';

function setup() {
  const ipcMain = new FakeIpcMain();
  const registry = createWebContentsRegistry<FakeWebContents>();
  const ours = new FakeWebContents('app://desk/index.html');
  registry.add(ours);
  const dispatched: Array<[string, unknown]> = [];
  const audits: SecurityEvent[] = [];
  registerIpcHandlers(ipcMain, {
    dispatch: async (channel, payload) => {
      dispatched.push([channel, payload]);
      return { ok: true, value: `handled ${channel}` };
    },
    isOwnContents: (c) => registry.has(c),
    audit: (e) => audits.push(e),
  });
  const invoke = (channel: string, event: InvokeEvent, ...args: unknown[]) => {
    const handler = ipcMain.handlers.get(IPC_PREFIX + channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event as never, ...args) as Promise<DeskResult<unknown>>;
  };
  return { ipcMain, registry, ours, dispatched, audits, invoke };
}

const fromMainFrame = (contents: FakeWebContents): InvokeEvent => ({ sender: contents, senderFrame: contents.mainFrame });

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel, prefixed', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).map((c) => IPC_PREFIX + c).sort());
  });

  it('passes a call from our own app://desk main frame to core.dispatch', async () => {
    const { ours, dispatched, invoke, audits } = setup();
    const args = { operatorId: 'A1001', password: 'pw' };
    await expect(invoke('session.login', fromMainFrame(ours), args)).resolves.toEqual({ ok: true, value: 'handled session.login' });
    expect(dispatched).toEqual([['session.login', args]]);
    expect(audits).toEqual([]);
  });

  it('passes a malformed payload through: validation is core.dispatch\'s job', async () => {
    const { ours, dispatched, invoke } = setup();
    await invoke('session.login', fromMainFrame(ours), { operatorId: 42, extra: 'x' });
    expect(dispatched).toEqual([['session.login', { operatorId: 42, extra: 'x' }]]);
  });

  const strangers: Array<[string, () => { contents: FakeWebContents; event: InvokeEvent; expectedUrl: string }]> = [
    [
      'wrong origin',
      () => {
        const contents = new FakeWebContents('https://evil.example/');
        return { contents, event: fromMainFrame(contents), expectedUrl: 'https://evil.example/' };
      },
    ],
    [
      'file:// page',
      () => {
        const contents = new FakeWebContents('file:///C:/Users/agent/evil.html');
        return { contents, event: fromMainFrame(contents), expectedUrl: 'file:///C:/Users/agent/evil.html' };
      },
    ],
    [
      'look-alike app origin',
      () => {
        const contents = new FakeWebContents('app://desk.evil/index.html');
        return { contents, event: fromMainFrame(contents), expectedUrl: 'app://desk.evil/index.html' };
      },
    ],
  ];

  it.each(strangers)('refuses a registered webContents whose frame is a %s', async (_name, make) => {
    const { registry, dispatched, invoke, audits } = setup();
    const { contents, event, expectedUrl } = make();
    registry.add(contents);
    await expect(invoke('session.info', event, undefined)).resolves.toEqual({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatched).toEqual([]);
    expect(audits).toEqual([{ kind: 'ipc-forbidden-sender', url: expectedUrl, detail: 'session.info:origin' }]);
  });

  it('refuses a sub-frame of our own window, even one on app://desk', async () => {
    const { ours, dispatched, invoke, audits } = setup();
    const event: InvokeEvent = { sender: ours, senderFrame: new FakeFrame('app://desk/index.html') };
    await expect(invoke('session.logout', event, undefined)).resolves.toEqual({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatched).toEqual([]);
    expect(audits[0]?.detail).toBe('session.logout:sub-frame');
  });

  it('refuses a webContents we did not create, even on app://desk', async () => {
    const { dispatched, invoke, audits } = setup();
    const unknown = new FakeWebContents('app://desk/index.html');
    await expect(invoke('policy.get', fromMainFrame(unknown), undefined)).resolves.toEqual({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatched).toEqual([]);
    expect(audits[0]?.detail).toBe('policy.get:foreign-webcontents');
  });

  it('refuses a sender whose frame is gone (navigated or destroyed in flight)', async () => {
    const { ours, dispatched, invoke, audits } = setup();
    await expect(invoke('audit.status', { sender: ours, senderFrame: null }, undefined)).resolves.toEqual({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatched).toEqual([]);
    expect(audits[0]?.detail).toBe('audit.status:no-frame');
  });

  it('refuses our window after it was destroyed', async () => {
    const { ours, dispatched, invoke } = setup();
    ours.destroy();
    await expect(invoke('session.info', fromMainFrame(ours), undefined)).resolves.toEqual({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatched).toEqual([]);
  });

  it('answers bad_request for more than one argument, without dispatching', async () => {
    const { ours, dispatched, invoke } = setup();
    await expect(invoke('audit.record', fromMainFrame(ours), { action: 'area-opened', detail: 'kb' }, 'extra')).resolves.toEqual({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(dispatched).toEqual([]);
  });

  it('turns a throwing dispatch into internal, without leaking its message', async () => {
    const ipcMain = new FakeIpcMain();
    const ours = new FakeWebContents();
    registerIpcHandlers(ipcMain, {
      dispatch: async () => {
        throw new Error('secret detail');
      },
      isOwnContents: (c) => c === ours,
      audit: () => undefined,
    });
    const result = await ipcMain.handlers.get(`${IPC_PREFIX}session.info`)!(fromMainFrame(ours) as never, undefined);
    expect(result).toEqual({ ok: false, error: { code: 'internal' } });
  });
});

describe('forwardCoreEvents', () => {
  it('sends every core event to our live windows only, prefixed', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const registry = createWebContentsRegistry<FakeWebContents>();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    const stranger = new FakeWebContents();
    registry.add(a);
    registry.add(b);
    const stop = forwardCoreEvents({
      subscribe: (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
      targets: () => registry.list(),
    });
    expect([...listeners.keys()].sort()).toEqual(Object.keys(eventChannels).sort());
    b.destroy();
    listeners.get('connection.changed')!('offline');
    expect(a.sent).toEqual([{ channel: `${IPC_PREFIX}connection.changed`, payload: 'offline' }]);
    expect(b.sent).toEqual([]);
    expect(stranger.sent).toEqual([]);
    stop();
    expect(listeners.size).toBe(0);
  });
});
