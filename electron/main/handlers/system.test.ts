import { describe, expect, it } from 'vitest';
import { buildDeskApi } from '../../contract/desk-api.ts';
import { createIpcTransport, type IpcRendererPort } from '../../preload/ipc-transport.ts';
import type { FakeWebContents } from '../testing/fake-electron.ts';
import { run, useBootWorld } from '../testing/boot-world.ts';
import { systemVersions } from './system.ts';

/**
 * A main-owned channel end to end: registered by main's bootstrap (fake Electron, real
 * core), reached from the renderer's `window.desk` as the preload builds it, through
 * ipcMain with the window's own frame as the sender.
 */
const boot = useBootWorld();

describe('system.versions (owned by main)', () => {
  it('reaches the renderer through the preload\'s desk object and main\'s ipcMain', async () => {
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
    expect(await desk.system.versions()).toEqual({
      ok: true,
      value: { app: '0.1.0-test', electron: '45.5.0', chrome: '142.0.0.0', node: '24.0.0' },
    });
  });

  it('reports what it does not know as null, never as a guess', () => {
    expect(systemVersions({ appVersion: '1.2.3', versions: { node: '24.1.0' } })).toEqual({ app: '1.2.3', electron: null, chrome: null, node: '24.1.0' });
  });
});
