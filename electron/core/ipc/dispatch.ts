import {
  invokeChannels,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
} from '../../contract/channels.ts';
import { DeskFailure, type DeskResult } from '../../contract/errors.ts';
import { toDeskError } from '../api/desk-error.ts';
import { ApiFailure } from '../api/failure.ts';

/**
 * The one door from the renderer into core. Whatever arrives (any channel string, any
 * payload) leaves as a DeskResult: handlers only ever see payloads their contract
 * schema accepted, and only schema-valid results or error codes go back. Nothing a
 * handler throws (stack, server text, token) crosses the bridge.
 */
export type DeskHandlers = {
  [C in InvokeChannel]: (payload: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
};

export interface Dispatcher {
  dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>>;
}

export interface DispatcherOptions {
  /** Receives the channel and the error TYPE only; never payloads or messages. */
  log?: (message: string) => void;
}

const isInvokeChannel = (c: unknown): c is InvokeChannel =>
  typeof c === 'string' && Object.prototype.hasOwnProperty.call(invokeChannels, c);

const errorType = (e: unknown): string => (e instanceof Error ? e.name : typeof e);

export function createDispatcher(handlers: DeskHandlers, o: DispatcherOptions = {}): Dispatcher {
  const log = o.log ?? ((m: string) => console.error(m));

  async function run<C extends InvokeChannel>(channel: C, payload: unknown): Promise<DeskResult<unknown>> {
    const schemas = invokeChannels[channel];
    const request = schemas.request.safeParse(payload);
    if (!request.success) return { ok: false, error: { code: 'bad_request' } };
    const handler = handlers[channel] as (p: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
    let value: unknown;
    try {
      value = await handler(request.data as InvokeRequest<C>);
    } catch (e) {
      if (e instanceof DeskFailure) return { ok: false, error: e.toDeskError() };
      if (e instanceof ApiFailure) return { ok: false, error: toDeskError(e) };
      log(`desk ${channel}: handler failed with ${errorType(e)}`);
      return { ok: false, error: { code: 'internal' } };
    }
    const response = schemas.response.safeParse(value);
    if (!response.success) {
      log(`desk ${channel}: handler result does not match the contract`);
      return { ok: false, error: { code: 'internal' } };
    }
    return { ok: true, value: response.data };
  }

  return {
    dispatch(channel, payload) {
      if (!isInvokeChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'bad_request' } });
      return run(channel, payload);
    },
  };
}
