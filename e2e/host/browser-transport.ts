/**
 * TEST/DEMO HARNESS ONLY — never shipped in the desktop. The browser half of the desk
 * test host: a DeskTransport over loopback HTTP (fetch for invokes, one EventSource for
 * events), so the Vite-built renderer gets exactly the `window.desk` object the Electron
 * preload builds (same `buildDeskApi`). The host bundles this file with esbuild (iife)
 * and serves it as `/__desk/bridge.js`.
 *
 * This file is type-checked with the Node program (no DOM lib, on purpose: adding the
 * DOM lib there would let `window`/`document` creep into electron/core unnoticed), so
 * it describes the few browser APIs it uses itself.
 */
import { buildDeskApi, type DeskTransport } from '../../electron/contract/desk-api.ts';
import type { DeskResult } from '../../electron/contract/errors.ts';
import { IPC_PREFIX, isEventChannel, isInvokeChannel, type EventChannel, type EventPayload } from '../../electron/contract/channels.ts';

interface BrowserMessageEvent {
  readonly data: string;
}
interface BrowserEventSource {
  addEventListener(type: string, listener: (event: BrowserMessageEvent) => void): void;
}
export interface BrowserGlobals {
  EventSource: new (url: string) => BrowserEventSource;
  fetch: (url: string, init: { method: string; body: string; headers: Record<string, string> }) => Promise<{ text(): Promise<string> }>;
  window: object;
  /** The page's location: the per-run key arrives in its fragment. */
  location: { hash: string };
}

export const INVOKE_PATH = '/__desk/invoke/';
export const EVENTS_PATH = '/__desk/events';
/** The per-run key: in the page URL's fragment (`#key=…`), then on every bridge request. */
export const KEY_PARAM = 'key';
export const KEY_HEADER = 'x-desk-key';

/** What the renderer sees when the host itself cannot be reached or answers garbage. */
const hostFailure: DeskResult<never> = { ok: false, error: { code: 'internal' } };

function isDeskResult(value: unknown): value is DeskResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}

/**
 * The key from the fragment. It stays there, so a reload keeps working; fragments never
 * reach a server, and the page writes nothing to web storage.
 */
export function readKey(globals: Pick<BrowserGlobals, 'location'>): string {
  return new URLSearchParams(globals.location.hash.replace(/^#/, '')).get(KEY_PARAM) ?? '';
}

export function createBrowserTransport(globals: BrowserGlobals, key: string): DeskTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: BrowserEventSource | null = null;

  // One EventSource for every channel: browsers cap connections per host, and one
  // stream keeps events in the order main emitted them. Names carry main's IPC prefix.
  function attach(channel: EventChannel): void {
    source ??= new globals.EventSource(`${EVENTS_PATH}?${KEY_PARAM}=${encodeURIComponent(key)}`);
    source.addEventListener(IPC_PREFIX + channel, (event) => {
      let payload: unknown;
      try {
        payload = JSON.parse(event.data);
      } catch {
        return;
      }
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
    });
  }

  return {
    async invoke(channel, payload) {
      if (!isInvokeChannel(channel)) return { ok: false, error: { code: 'bad_request' } };
      try {
        const response = await globals.fetch(INVOKE_PATH + encodeURIComponent(channel), {
          method: 'POST',
          // The call's arguments, as ipcRenderer.invoke passes them: none, or the one payload.
          body: JSON.stringify(payload === undefined ? [] : [payload]),
          headers: { 'content-type': 'application/json', [KEY_HEADER]: key },
        });
        const parsed: unknown = JSON.parse(await response.text());
        // The DeskResult's type is the contract's promise; the dispatcher validated the response.
        return isDeskResult(parsed) ? (parsed as never) : hostFailure;
      } catch {
        return hostFailure;
      }
    },
    subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void) {
      if (!isEventChannel(channel)) return () => undefined;
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        attach(channel);
      }
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => {
        set.delete(untyped);
      };
    },
  };
}

/**
 * Runs in the page (the esbuild iife entry calls it); the property is read-only like
 * contextBridge's. The entry passes its transport, which the WebRTC guard shares.
 */
export function installDesk(globals: BrowserGlobals, transport: DeskTransport = createBrowserTransport(globals, readKey(globals))): void {
  Object.defineProperty(globals.window, 'desk', {
    value: buildDeskApi(transport),
    writable: false,
    configurable: false,
    enumerable: true,
  });
}
