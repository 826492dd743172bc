import { eventChannels, isEventChannel, type EventChannel, type EventPayload } from '../../contract/channels.ts';

/**
 * Core → renderer notifications. Payloads are checked against the contract before they
 * leave (a bug in core must not push malformed data into the UI), and a failing
 * listener cannot stop the others from hearing the event.
 */
export interface DeskEvents {
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createDeskEvents(o: { log?: (message: string) => void } = {}): DeskEvents {
  const log = o.log ?? ((m: string) => console.error(m));
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  return {
    emit(channel, payload) {
      const parsed = eventChannels[channel].payload.safeParse(payload);
      if (!parsed.success) {
        log(`desk event ${channel}: payload does not match the contract; dropped`);
        return;
      }
      for (const l of [...(listeners.get(channel) ?? [])]) {
        try {
          l(parsed.data);
        } catch (e) {
          log(`desk event ${channel}: listener failed with ${e instanceof Error ? e.name : typeof e}`);
        }
      }
    },
    subscribe(channel, listener) {
      if (!isEventChannel(channel)) {
        throw new TypeError(`unknown desk event channel: ${String(channel)}`);
      }
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  };
}
