import { EVENT_CHANNELS, IPC_PREFIX, type EventChannel } from '../../contract/channels.ts';

/**
 * Core's events → every renderer of ours, as `desk:<event>`. Electron main's recipients are
 * our windows' webContents; the browser test host's are its open event streams. One
 * fan-out for both, so an event reaches the page the same way in each.
 */
export interface EventRecipient {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export interface EventForwardOptions {
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  /** Our own renderers; nothing else receives desk events. */
  targets(): readonly EventRecipient[];
}

/** Returns a function that stops forwarding. */
export function forwardCoreEvents(options: EventForwardOptions): () => void {
  const unsubscribes = EVENT_CHANNELS.map((channel) =>
    options.subscribe(channel, (payload) => {
      for (const target of options.targets()) {
        if (target.isDestroyed()) continue;
        try {
          target.send(IPC_PREFIX + channel, payload);
        } catch {
          // One recipient going away mid-send must not keep the event from the others.
        }
      }
    }),
  );
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
