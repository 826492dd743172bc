import type { DeskResult } from './errors.ts';
import type { EventChannel, EventPayload, InvokeChannel, InvokeRequest, InvokeResponse } from './channels.ts';

/**
 * How `window.desk` reaches main. The preload implements it with ipcRenderer; the
 * browser test host implements it with fetch + EventSource. Everything above the
 * transport is this one file, so both expose exactly the same object.
 */
export interface DeskTransport {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<DeskResult<InvokeResponse<C>>>;
  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
}

type Call<C extends InvokeChannel> =
  InvokeRequest<C> extends undefined
    ? () => Promise<DeskResult<InvokeResponse<C>>>
    : (args: InvokeRequest<C>) => Promise<DeskResult<InvokeResponse<C>>>;
type On<E extends EventChannel> = (listener: (payload: EventPayload<E>) => void) => () => void;

export interface DeskApi {
  session: {
    info: Call<'session.info'>;
    login: Call<'session.login'>;
    logout: Call<'session.logout'>;
    lock: Call<'session.lock'>;
    unlock: Call<'session.unlock'>;
    onChanged: On<'session.changed'>;
    onConnectionChanged: On<'connection.changed'>;
  };
  policy: {
    get: Call<'policy.get'>;
    onChanged: On<'policy.changed'>;
  };
  audit: {
    record: Call<'audit.record'>;
    status: Call<'audit.status'>;
    onStatusChanged: On<'audit.status-changed'>;
  };
  settings: {
    get: Call<'settings.get'>;
    set: Call<'settings.set'>;
  };
}

export function buildDeskApi(t: DeskTransport): DeskApi {
  const call =
    <C extends InvokeChannel>(c: C) =>
    (args?: InvokeRequest<C>) =>
      t.invoke(c, args as InvokeRequest<C>);
  const on =
    <E extends EventChannel>(e: E): On<E> =>
    (listener) =>
      t.subscribe(e, listener);
  return Object.freeze({
    session: Object.freeze({
      info: call('session.info') as Call<'session.info'>,
      login: call('session.login') as Call<'session.login'>,
      logout: call('session.logout') as Call<'session.logout'>,
      lock: call('session.lock') as Call<'session.lock'>,
      unlock: call('session.unlock') as Call<'session.unlock'>,
      onChanged: on('session.changed'),
      onConnectionChanged: on('connection.changed'),
    }),
    policy: Object.freeze({ get: call('policy.get') as Call<'policy.get'>, onChanged: on('policy.changed') }),
    audit: Object.freeze({
      record: call('audit.record') as Call<'audit.record'>,
      status: call('audit.status') as Call<'audit.status'>,
      onStatusChanged: on('audit.status-changed'),
    }),
    settings: Object.freeze({
      get: call('settings.get') as Call<'settings.get'>,
      set: call('settings.set') as Call<'settings.set'>,
    }),
  });
}
