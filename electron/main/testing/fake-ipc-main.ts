import type { CallLog } from './fake-call-log.ts';

/** Electron's ipcMain: refuses a second handler for a channel, as Electron does. */
export class FakeIpcMain {
  readonly handlers = new Map<string, (event: never, ...args: unknown[]) => Promise<unknown>>();
  readonly calls: CallLog;
  constructor(calls: CallLog = []) {
    this.calls = calls;
  }
  handle(channel: string, listener: (event: never, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.calls.push(`ipcMain.handle:${channel}`);
    this.handlers.set(channel, listener);
  }
}
