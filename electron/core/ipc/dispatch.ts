import { accessDenial } from '../../contract/access.ts';
import {
  invokeChannels,
  isInvokeChannel,
  type ChannelsOwnedBy,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type SessionState,
} from '../../contract/channels.ts';
import { DeskFailure, type DeskResult } from '../../contract/errors.ts';
import { toDeskError } from '../api/desk-error.ts';
import { ApiFailure } from '../api/failure.ts';

/**
 * The one door from the renderer to the trusted side, for core's channels and main's
 * alike. Whatever arrives (any channel string, any payload) leaves as a DeskResult, in
 * this order: the channel must be in the table, the caller's session must satisfy the
 * channel's access rule, the payload must match its schema — and only then does the
 * handler run. Only schema-valid results or error codes go back; nothing a handler throws
 * (stack, server text, token) crosses the bridge.
 */
type Handler<C extends InvokeChannel> = (payload: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
export type CoreHandlers = { [C in ChannelsOwnedBy<'core'>]: Handler<C> };
/** Main implements these with Electron; the browser test host with its own stand-ins. */
export type MainHandlers = { [C in ChannelsOwnedBy<'main'>]: Handler<C> };
export type DeskHandlers = CoreHandlers & MainHandlers;

export interface Dispatcher {
  dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>>;
}

export interface DispatcherOptions {
  /** The caller's session as core sees it now: the access rules are checked against it. */
  session: () => SessionState;
  /** Receives the channel and the error TYPE only; never payloads or messages. */
  log?: (message: string) => void;
}

const errorType = (e: unknown): string => (e instanceof Error ? e.name : typeof e);
const failure = (code: 'bad_request' | 'internal'): DeskResult<never> => ({ ok: false, error: { code } });

export function createDispatcher(handlers: DeskHandlers, o: DispatcherOptions): Dispatcher {
  const log = o.log ?? ((m: string) => console.error(m));
  for (const channel of Object.keys(invokeChannels)) {
    if (typeof (handlers as Record<string, unknown>)[channel] !== 'function') throw new TypeError(`no handler for desk channel ${channel}`);
  }

  async function run<C extends InvokeChannel>(channel: C, payload: unknown): Promise<DeskResult<unknown>> {
    const spec = invokeChannels[channel];
    const denied = accessDenial(spec.access, o.session());
    if (denied !== null) return { ok: false, error: { code: denied } };
    const request = spec.request.safeParse(payload);
    if (!request.success) return failure('bad_request');
    const handler = (handlers as Record<InvokeChannel, unknown>)[channel] as Handler<C>;
    let value: unknown;
    try {
      value = await handler(request.data as InvokeRequest<C>);
    } catch (e) {
      if (e instanceof DeskFailure) return { ok: false, error: e.toDeskError() };
      if (e instanceof ApiFailure) return { ok: false, error: toDeskError(e) };
      log(`desk ${channel}: handler failed with ${errorType(e)}`);
      return failure('internal');
    }
    const response = spec.response.safeParse(value);
    if (!response.success) {
      log(`desk ${channel}: handler result does not match the contract`);
      return failure('internal');
    }
    return { ok: true, value: response.data };
  }

  return {
    dispatch(channel, payload) {
      if (!isInvokeChannel(channel)) return Promise.resolve(failure('bad_request'));
      return run(channel, payload);
    },
  };
}
