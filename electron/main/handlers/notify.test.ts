import { beforeEach, describe, expect, it } from 'vitest';
import { buildDeskApi } from '../../contract/desk-api.ts';
import { IncomingCallNotice } from '../../contract/channels.ts';
import { createIpcTransport, type IpcRendererPort } from '../../preload/ipc-transport.ts';
import { FakeBrowserWindow, FakeNotification, type FakeWebContents } from '../testing/fake-electron.ts';
import { run, useBootWorld } from '../testing/boot-world.ts';
import { createNotifyHandlers, type NotificationPort } from './notify.ts';

const NOTICE = { title: '来电', body: '{caller} 来电，点击查看', caller: '*******5678' };

beforeEach(() => {
  FakeNotification.created = [];
  FakeNotification.supported = true;
});

describe('notify.incoming-call (main): the handler with fake Electron objects', () => {
  const world = () => {
    let focused = 0;
    const handlers = createNotifyHandlers({ Notification: FakeNotification, focusWindow: () => (focused += 1) });
    return { notify: handlers['notify.incoming-call'], focused: () => focused };
  };

  it('shows one silent, persistent notification with the masked caller in the fixed text; a click focuses the window and closes it', async () => {
    const w = world();
    expect(await w.notify(NOTICE)).toEqual({ shown: true });
    const [shown] = FakeNotification.created;
    expect(shown?.options).toEqual({ title: '来电', body: '*******5678 来电，点击查看', silent: true, urgency: 'critical', timeoutType: 'never' });
    expect(shown?.shown).toBe(1);
    expect(w.focused()).toBe(0);
    shown?.click();
    expect(w.focused()).toBe(1);
    expect(shown?.closed).toBe(1);
  });

  it('a newer ringing call replaces the older notification', async () => {
    const w = world();
    await w.notify(NOTICE);
    await w.notify({ ...NOTICE, caller: '2001' });
    expect(FakeNotification.created.map((n) => [n.options.body, n.closed])).toEqual([
      ['*******5678 来电，点击查看', 1],
      ['2001 来电，点击查看', 0],
    ]);
  });

  it('takes the notification back when the call stops ringing; nothing open is fine', async () => {
    const w = world();
    const handlers = createNotifyHandlers({ Notification: FakeNotification, focusWindow: () => undefined });
    expect(await handlers['notify.incoming-call-ended'](undefined)).toBeNull();
    await handlers['notify.incoming-call'](NOTICE);
    expect(await handlers['notify.incoming-call-ended'](undefined)).toBeNull();
    expect(FakeNotification.created.map((n) => n.closed)).toEqual([1]);
    await handlers['notify.incoming-call-ended'](undefined);
    expect(FakeNotification.created.map((n) => n.closed)).toEqual([1]);
    expect(w.focused()).toBe(0);
  });

  it('says so when the system has no notifications (unsupported, or none at all)', async () => {
    FakeNotification.supported = false;
    expect(await world().notify(NOTICE)).toEqual({ shown: false });
    expect(await createNotifyHandlers({ Notification: null, focusWindow: () => undefined })['notify.incoming-call'](NOTICE)).toEqual({ shown: false });
    expect(FakeNotification.created).toEqual([]);
  });

  it('a replacement pattern in the text stays literal', async () => {
    let body = '';
    const Recording = class {
      constructor(o: { body: string }) {
        body = o.body;
      }
      static isSupported = () => true;
      on() {}
      show() {}
      close() {}
    } as unknown as NotificationPort;
    await createNotifyHandlers({ Notification: Recording, focusWindow: () => undefined })['notify.incoming-call']({ ...NOTICE, body: "$& $' {caller}" });
    expect(body).toBe("$& $' *******5678");
  });
});

describe('the notice schema: masked caller and fixed texts only', () => {
  it.each([
    ['a full number as caller', { ...NOTICE, caller: '13912345678' }],
    ['a partly masked number that shows too much', { ...NOTICE, caller: '139****5678' }],
    ['a number inside the body', { ...NOTICE, body: '{caller} 13912345678' }],
    ['a number inside the title', { ...NOTICE, title: '来电 95588123' }],
    ['customer data as an extra field', { ...NOTICE, customer: '王*明' }],
    ['no {caller} in the body', { ...NOTICE, body: '来电' }],
    ['{caller} twice', { ...NOTICE, body: '{caller}{caller}' }],
    ['an over-long body', { ...NOTICE, body: `{caller}${'来'.repeat(160)}` }],
    ['a control character', { ...NOTICE, title: '来电\u0007' }],
  ])('refuses %s', (_name, notice) => {
    expect(IncomingCallNotice.safeParse(notice).success).toBe(false);
  });
});

const boot = useBootWorld();

describe('notify.incoming-call through main’s bootstrap (fake Electron, real core)', () => {
  it('is refused before sign-in, and a clicked notification brings the minimised window back', async () => {
    const w = await boot.world();
    const started = await run(w);
    if (!started) throw new Error('main did not start');
    const ours = started.window.webContents as FakeWebContents;
    const ipcRenderer: IpcRendererPort = {
      invoke: async (channel, ...args) => {
        const handler = w.ipcMain.handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return handler({ sender: ours, senderFrame: ours.mainFrame } as never, ...args);
      },
      on: () => undefined,
      removeListener: () => undefined,
    };
    const desk = buildDeskApi(createIpcTransport(ipcRenderer));
    // calls.handle, checked by core's dispatcher before main's handler runs.
    expect(await desk.notify.incomingCall(NOTICE)).toEqual({ ok: false, error: { code: 'not_logged_in' } });
    expect(FakeNotification.created).toEqual([]);
    expect(await desk.session.login({ operatorId: 'A1001', password: 'Agent#2026' })).toMatchObject({ ok: true });
    expect(await desk.notify.incomingCall({ ...NOTICE, caller: '13912345678' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(await desk.notify.incomingCall(NOTICE)).toEqual({ ok: true, value: { shown: true } });
    const window = started.window as unknown as FakeBrowserWindow;
    window.minimized = true;
    const before = window.focused;
    FakeNotification.created[0]?.click();
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(before + 1);
  });
});
