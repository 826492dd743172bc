import { eventChannels, invokeChannels, IPC_PREFIX, type EventChannel, type InvokeChannel } from '../contract/channels.ts';
import type { DeskErrorCode, DeskResult } from '../contract/errors.ts';
import { APP_ORIGIN, originOf } from './origin.ts';
import type { SecurityAudit } from './security-events.ts';

/**
 * The desk bridge, main side: one `ipcMain.handle` per contract channel. The sender is
 * checked before anything else runs — the payload is not even looked at for a stranger —
 * and only then does core.dispatch validate the payload against the contract schema.
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

const failure = (code: DeskErrorCode): DeskResult<never> => ({ ok: false, error: { code } });

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

export const INVOKE_CHANNELS = Object.freeze(Object.keys(invokeChannels) as InvokeChannel[]);
export const EVENT_CHANNELS = Object.freeze(Object.keys(eventChannels) as EventChannel[]);

export function registerIpcHandlers(ipcMain: IpcMainPort, options: IpcOptions): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, ...args) => {
      const problem = senderProblem(event, options.isOwnContents);
      if (problem !== null) {
        options.audit({ kind: 'ipc-forbidden-sender', url: event.senderFrame?.url ?? '', detail: `${channel}:${problem}` });
        return failure('forbidden_sender');
      }
      // The contract is one argument per call; extra arguments are a malformed call.
      if (args.length > 1) return failure('bad_request');
      try {
        return await options.dispatch(channel, args[0]);
      } catch {
        // core.dispatch reports failures as values; a throw is a bug and its text stays in main.
        return failure('internal');
      }
    });
  }
}

export interface EventRecipient {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export interface EventForwardOptions {
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  /** Our own windows' webContents; nothing else receives desk events. */
  targets(): readonly EventRecipient[];
}

/** Forwards every core event to our windows as `desk:<event>`; returns a function that stops forwarding. */
export function forwardCoreEvents(options: EventForwardOptions): () => void {
  const unsubscribes = EVENT_CHANNELS.map((channel) =>
    options.subscribe(channel, (payload) => {
      for (const target of options.targets()) {
        if (!target.isDestroyed()) target.send(IPC_PREFIX + channel, payload);
      }
    }),
  );
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
