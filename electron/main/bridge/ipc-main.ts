import { INVOKE_CHANNELS, IPC_PREFIX, type InvokeChannel } from '../../contract/channels.ts';
import type { DeskResult } from '../../contract/errors.ts';
import { APP_ORIGIN, originOf } from '../origin.ts';
import type { SecurityAudit } from '../security-events.ts';
import { createInvokeGate } from './invoke-gate.ts';

/**
 * The desk bridge on Electron's ipcMain: one `ipcMain.handle` per channel of the table,
 * whoever owns it (core or main: the dispatcher routes). The sender frame is checked
 * first — a stranger's payload is not even looked at — then the shared invoke gate.
 */
export interface SenderFrame {
  readonly url: string;
}

export interface SenderContents {
  readonly mainFrame: SenderFrame;
}

export interface InvokeEvent {
  readonly sender: SenderContents;
  readonly senderFrame: SenderFrame | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export interface IpcOptions {
  dispatch(channel: InvokeChannel, payload: unknown): Promise<DeskResult<unknown>>;
  /** True only for webContents this app created (window-registry.ts). */
  isOwnContents(contents: unknown): boolean;
  audit: SecurityAudit;
}

/** Why a sender is refused, or null when it is our own top-level app://desk frame. */
export function senderProblem(event: InvokeEvent, isOwnContents: (contents: unknown) => boolean): string | null {
  const frame = event.senderFrame;
  // Null when the frame navigated or was destroyed while the message was in flight.
  if (!frame) return 'no-frame';
  if (!isOwnContents(event.sender)) return 'foreign-webcontents';
  if (frame !== event.sender.mainFrame) return 'sub-frame';
  if (originOf(frame.url) !== APP_ORIGIN) return 'origin';
  return null;
}

export function registerIpcHandlers(ipcMain: IpcMainPort, options: IpcOptions): void {
  const gate = createInvokeGate(options);
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(IPC_PREFIX + channel, (event, ...args) =>
      gate(channel, args, { problem: senderProblem(event, options.isOwnContents), url: event.senderFrame?.url ?? '' }),
    );
  }
}
