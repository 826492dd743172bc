import { eventChannels, invokeChannels, IPC_PREFIX } from '../contract/channels.ts';
import type { DeskTransport } from '../contract/desk-api.ts';
import type { DeskResult } from '../contract/errors.ts';

/**
 * The preload's DeskTransport over ipcRenderer. The page only ever sees what
 * buildDeskApi builds on top of this: plain functions taking and returning data. No
 * ipcRenderer, no IpcRendererEvent (its `sender` is the ipcRenderer itself), no way to
 * name a channel outside the contract.
 */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const failure = (code: 'bad_request' | 'internal') => ({ ok: false as const, error: { code } });

export function createIpcTransport(ipc: IpcRendererPort): DeskTransport {
  return {
    async invoke(channel, payload) {
      if (!Object.hasOwn(invokeChannels, channel)) return failure('bad_request');
      try {
        // Main answers every call with a DeskResult (ipc.ts); its schema is checked in core.
        return (await ipc.invoke(IPC_PREFIX + channel, payload)) as DeskResult<never>;
      } catch {
        // Only when main has no handler or the call could not be cloned; no error text crosses.
        return failure('internal');
      }
    },
    subscribe(channel, listener) {
      if (!Object.hasOwn(eventChannels, channel)) return () => undefined;
      const wire = IPC_PREFIX + channel;
      const relay = (_event: unknown, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      ipc.on(wire, relay);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        ipc.removeListener(wire, relay);
      };
    },
  };
}
