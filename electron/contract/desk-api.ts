import type { DeskResult } from './errors.ts';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
} from './channels.ts';

/**
 * `window.desk`, derived from the channel table: no channel is listed here by hand.
 * Invoke channel `a.b-c` becomes `desk.a.bC(args)`; event channel `a.d-e` becomes
 * `desk.a.onDE(listener)`. The preload and the browser test host both call buildDeskApi
 * with their own transport, so the object the renderer sees is the same in both.
 */
export interface DeskTransport {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<DeskResult<InvokeResponse<C>>>;
  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
}

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type DomainOf<C extends string> = C extends `${infer D}.${string}` ? D : never;
type NameOf<C extends string> = C extends `${string}.${infer N}` ? N : never;

export type DeskCall<C extends InvokeChannel> =
  InvokeRequest<C> extends undefined
    ? () => Promise<DeskResult<InvokeResponse<C>>>
    : (args: InvokeRequest<C>) => Promise<DeskResult<InvokeResponse<C>>>;
export type DeskOn<E extends EventChannel> = (listener: (payload: EventPayload<E>) => void) => () => void;

type DomainApi<D extends string> = {
  readonly [C in InvokeChannel as DomainOf<C> extends D ? Camel<NameOf<C>> : never]: DeskCall<C>;
} & {
  readonly [E in EventChannel as DomainOf<E> extends D ? `on${Capitalize<Camel<NameOf<E>>>}` : never]: DeskOn<E>;
};

export type DeskDomain = DomainOf<InvokeChannel> | DomainOf<EventChannel>;
export type DeskApi = { readonly [D in DeskDomain]: DomainApi<D> };

const camel = (name: string): string => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Where a channel sits on `window.desk`: [domain, member]. */
export function deskMemberOf(channel: InvokeChannel | EventChannel, kind: 'invoke' | 'event'): [string, string] {
  const dot = channel.indexOf('.');
  const domain = channel.slice(0, dot);
  const name = camel(channel.slice(dot + 1));
  return [domain, kind === 'invoke' ? name : `on${capitalize(name)}`];
}

export function buildDeskApi(t: DeskTransport): DeskApi {
  const domains = new Map<string, Record<string, unknown>>();
  const domain = (name: string) => {
    let d = domains.get(name);
    if (!d) domains.set(name, (d = {}));
    return d;
  };
  for (const channel of INVOKE_CHANNELS) {
    const [d, member] = deskMemberOf(channel, 'invoke');
    // One argument at most: the contract's calls take a single payload (or none).
    domain(d)[member] = (args?: unknown) => t.invoke(channel, args as never);
  }
  for (const channel of EVENT_CHANNELS) {
    const [d, member] = deskMemberOf(channel, 'event');
    domain(d)[member] = (listener: (payload: unknown) => void) => t.subscribe(channel, listener);
  }
  const api: Record<string, unknown> = {};
  for (const [name, members] of domains) api[name] = Object.freeze(members);
  return Object.freeze(api) as DeskApi;
}
