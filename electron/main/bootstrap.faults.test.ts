import { describe, expect, it } from 'vitest';
import { IPC_PREFIX } from '../contract/channels.ts';
import { eventually } from '../core/desk-core.harness.ts';
import { STARTUP_FAILURES } from './startup-failures.ts';
import { run, useBootWorld, type World } from './testing/boot-world.ts';
import { fakeEvent, type FakeWebContents } from './testing/fake-electron.ts';

/**
 * Power events and process faults, through the real start-up (real institution, real core,
 * fake Electron): what the operator's session looks like afterwards, and what reaches the
 * institution's audit trail.
 */
const boot = useBootWorld();

interface Started {
  w: World;
  contents: FakeWebContents;
  invoke(channel: string, payload?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}

async function start(): Promise<Started> {
  const w = await boot.world();
  const started = await run(w);
  expect(w.errors).toEqual([]);
  const contents = started!.window.webContents as FakeWebContents;
  const invoke = (channel: string, payload?: unknown) =>
    w.ipcMain.handlers.get(IPC_PREFIX + channel)!({ sender: contents, senderFrame: contents.mainFrame } as never, payload) as ReturnType<Started['invoke']>;
  return { w, contents, invoke };
}

async function signIn(s: Started): Promise<void> {
  const login = await s.invoke('session.login', { operatorId: 'A1001', password: 'Agent#2026' });
  expect(login, JSON.stringify(login)).toMatchObject({ ok: true, value: { status: 'active' } });
}

const status = async (s: Started) => ((await s.invoke('session.info')).value as { session: { status: string } }).session.status;

/** The first audit event of `type` the institution stored for this workstation. */
const audited = (s: Started, type: string) =>
  eventually(() => boot.institution.storedEvents(s.w.workstationId).find((e) => e.type === type), `${type} delivered`);

describe('power events', () => {
  it('locks a signed-in session the moment the machine suspends, and audits the cause', async () => {
    const s = await start();
    await signIn(s);
    s.w.powerMonitor.emit('suspend');
    expect(await status(s)).toBe('locked');
    expect((await audited(s, 'session.locked')).data).toMatchObject({ cause: 'suspend' });
  });

  it("hands core the OS's idle time, so the idle lock does not rest on the renderer's heartbeats alone", async () => {
    const s = await start();
    const osIdleSeconds = s.w.core.options?.osIdleSeconds;
    if (!osIdleSeconds) throw new Error('main passed core no osIdleSeconds');
    s.w.powerMonitor.systemIdleSeconds = 42;
    expect(osIdleSeconds()).toBe(42);
    s.w.powerMonitor.systemIdleSeconds = 0;
    expect(osIdleSeconds()).toBe(0);
  });

  it('locks when the OS locks its screen', async () => {
    const s = await start();
    await signIn(s);
    s.w.powerMonitor.emit('lock-screen');
    expect(await status(s)).toBe('locked');
    expect((await audited(s, 'session.locked')).data).toMatchObject({ cause: 'os-lock' });
  });
});

describe('renderer loss', () => {
  const gone = (s: Started, reason = 'crashed') => s.w.app.emit('render-process-gone', fakeEvent({}), s.contents, { reason, exitCode: 139 });

  it('locks the session before the window reloads, audits both, and reloads the entry page', async () => {
    const s = await start();
    await signIn(s);
    s.w.calls.length = 0;
    gone(s);
    expect(s.w.calls).toEqual(['core.lockNow:renderer-gone', 'core.recordFault:renderer-gone:crashed', 'contents.loadURL:app://desk/index.html']);
    expect(await status(s)).toBe('locked');
    expect((await audited(s, 'session.locked')).data).toMatchObject({ cause: 'renderer-gone' });
    expect((await audited(s, 'fault.renderer-gone')).data).toMatchObject({ detail: 'crashed' });
  });

  it('leaves a signed-out session signed out, and still audits the loss', async () => {
    const s = await start();
    gone(s, 'oom');
    expect(s.w.calls.at(-1)).toBe('contents.loadURL:app://desk/index.html');
    expect(await status(s)).toBe('logged-out');
    expect((await audited(s, 'fault.renderer-gone')).data).toMatchObject({ detail: 'oom' });
    expect(boot.institution.storedEvents(s.w.workstationId).some((e) => e.type === 'session.locked')).toBe(false);
  });

  it('audits a child process that went away', async () => {
    const s = await start();
    s.w.app.emit('child-process-gone', fakeEvent({}), { type: 'GPU', reason: 'crashed', exitCode: 1 });
    expect((await audited(s, 'fault.child-process-gone')).data).toMatchObject({ detail: 'GPU:crashed' });
  });
});

describe('main-process faults', () => {
  it('logs and audits an uncaught exception by its type, never its message', async () => {
    const s = await start();
    s.w.process.emit('uncaughtException', new TypeError('customer 6222 0200 1234 5678'));
    s.w.process.emit('unhandledRejection', new RangeError('token abc.def'));
    expect((await audited(s, 'fault.uncaught-exception')).data).toMatchObject({ detail: 'TypeError' });
    expect((await audited(s, 'fault.unhandled-rejection')).data).toMatchObject({ detail: 'RangeError' });
    expect(s.w.logs).toEqual(expect.arrayContaining(['channeldesk: fault uncaught-exception TypeError']));
    const trail = JSON.stringify([s.w.logs, boot.institution.storedEvents(s.w.workstationId)]);
    expect(trail).not.toContain('6222');
    expect(trail).not.toContain('abc.def');
  });

  it('audits a fault from before core existed once core is up', async () => {
    const w = await boot.world();
    w.deps.safeStorage = {
      ...w.safeStorage,
      isAsyncEncryptionAvailable: async () => {
        w.process.emit('unhandledRejection', new SyntaxError('early'));
        return true;
      },
      encryptStringAsync: (t) => w.safeStorage.encryptStringAsync(t),
      decryptStringAsync: (b) => w.safeStorage.decryptStringAsync(b),
      getSelectedStorageBackend: () => w.safeStorage.getSelectedStorageBackend(),
    };
    await run(w);
    expect(w.calls.indexOf('core.createDeskCore')).toBeLessThan(w.calls.indexOf('core.recordFault:unhandled-rejection:SyntaxError'));
  });

  it('shows an unexpected start-up failure in both languages and exits instead of rejecting', async () => {
    const w = await boot.world();
    w.deps.protocol = { registerSchemesAsPrivileged: () => { throw new Error('scheme registration refused'); } };
    await expect(run(w)).resolves.toBeUndefined();
    expect(w.app.exitCode).toBe(1);
    expect(w.errors[0]).toContain(STARTUP_FAILURES.unexpected['zh-CN']);
    expect(w.errors[0]).toContain(STARTUP_FAILURES.unexpected['en-US']);
    expect(w.errors[0]).not.toContain('scheme registration refused');
  });
});
