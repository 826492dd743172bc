import { accessDenial } from '../../../electron/contract/access.ts';
import {
  eventChannels,
  invokeChannels,
  isInvokeChannel,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type SessionState,
} from '../../../electron/contract/channels.ts';
import type { DeskTransport } from '../../../electron/contract/desk-api.ts';
import type { DeskError, DeskResult } from '../../../electron/contract/errors.ts';

/**
 * The fake desk's door, shaped like core's (electron/core/ipc/dispatch.ts and events.ts):
 * channel → access rule (the contract's own `accessDenial`) → request schema → handler →
 * response schema, and an event fan-out that refuses any payload outside the contract.
 * A request outside the contract is answered `bad_request` (as core does) AND noted in
 * `contractViolations`, for mountApp to fail the test on.
 */
export type FakeHandler<C extends InvokeChannel> = (payload: InvokeRequest<C>) => DeskResult<InvokeResponse<C>>;
export type FakeHandlers = { [C in InvokeChannel]: FakeHandler<C> };

export const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
export const fail = (error: DeskError): DeskResult<never> => ({ ok: false, error });

export interface FakeEvents {
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  subscribe: DeskTransport['subscribe'];
  listenerCount(channel: EventChannel): number;
}

/** `onEmit` sees each event once it passed the contract, before any listener does. */
export function createFakeEvents(onEmit: (channel: EventChannel, payload: unknown) => void): FakeEvents {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  return {
    emit(channel, payload) {
      // Core never sends an event outside the contract (it drops it); here that is a test bug.
      eventChannels[channel].payload.parse(payload);
      onEmit(channel, payload);
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}

export interface FakeDispatcher {
  dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>>;
  /** Every invoke of a table channel, in order. */
  calls: { channel: InvokeChannel; payload: unknown }[];
  contractViolations: string[];
  /** Holds the next call on `channel` until the returned function is called. */
  holdNext(channel: InvokeChannel): () => void;
}

/** Only what is left once the access rule passed reaches `handlers` (see the channel table). */
export function createFakeDispatcher(handlers: FakeHandlers, session: () => SessionState): FakeDispatcher {
  const calls: FakeDispatcher['calls'] = [];
  const contractViolations: string[] = [];
  const holds = new Map<InvokeChannel, Promise<void>>();

  async function dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>> {
    if (!isInvokeChannel(channel)) {
      contractViolations.push(`${channel}: not a desk channel`);
      return fail({ code: 'bad_request' });
    }
    calls.push({ channel, payload });
    const hold = holds.get(channel);
    holds.delete(channel);
    if (hold) await hold;
    const spec = invokeChannels[channel];
    const denied = accessDenial(spec.access, session());
    if (denied !== null) return fail({ code: denied });
    const request = spec.request.safeParse(payload);
    if (!request.success) {
      contractViolations.push(`${channel}: request does not match the contract`);
      return fail({ code: 'bad_request' });
    }
    const handler = handlers[channel] as unknown as FakeHandler<typeof channel>;
    const result = handler(request.data as never);
    // A fake answer outside the contract is a bug in the fake desk: fail loudly.
    if (result.ok) spec.response.parse(result.value);
    return result;
  }

  return {
    dispatch,
    calls,
    contractViolations,
    holdNext(channel) {
      let release = () => {};
      holds.set(
        channel,
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      return release;
    },
  };
}
