import type { IceDecision, IceRequest } from './ice-policy.ts';
import type { IceRefusal } from './schemas.ts';

/** Decides on what the guard read from the page (ice-policy.ts `decideIceServers` with the profile's list). */
export type IceDecide = (request: IceRequest) => IceDecision;
/** Told about every refusal (scheme, host, port); the trusted side audits it. */
export type IceReport = (refusal: IceRefusal) => void;

/**
 * The page's WebRTC guard: only ICE servers the verified site profile names reach Chromium
 * (CSP and webRequest do not see ICE). Runs in the page's main world before any page script:
 * in Electron via `contextBridge.executeInMainWorld` from the preload, in the test host from
 * its bridge script. SELF-CONTAINED: executeInMainWorld serializes this function's source,
 * so it uses nothing but its arguments and the realm's globals, copied at install time
 * before page script could replace them (webrtc-guard.test.ts evaluates the source alone).
 * That is why this stays one function in one file, over the ~300-line guide: a helper moved
 * to another module would be missing from the serialized source (and the test would fail).
 *
 * Per realm — the window and every same-origin frame, whose about:blank realm has a fresh
 * RTCPeerConnection — it wraps RTCPeerConnection and its aliases (constructor and
 * setConfiguration ask `decide`; Chromium gets a fresh null-prototype dictionary with the
 * profile's own URL strings), makes the globals read-only, freezes prototype and wrapper,
 * guards new frames synchronously (DOM insertion, `load`, contentWindow/contentDocument)
 * and refuses new windows, as Electron does. Design and limits: docs/security.md, "WebRTC".
 */
export function installWebRtcGuard(decide: IceDecide, report: IceReport, target?: object): void {
  type Obj = Record<PropertyKey, unknown>;
  type Fn = (...args: unknown[]) => unknown;
  const top = (target ?? globalThis) as Obj;
  // Copies of the built-ins used after install: page script may replace the originals later.
  const { apply, construct, getOwnPropertyDescriptor, ownKeys } = Reflect;
  const { create, defineProperty: define, freeze, getOwnPropertyNames, getPrototypeOf, hasOwn, setPrototypeOf } = Object;
  const isArray = Array.isArray;
  const TypeErrorCtor = TypeError;
  const PromiseCtor = Promise;
  const iteratorKey = Symbol.iterator;
  const marker = Symbol('desk.webrtc-guard');
  const DomError = (typeof top['DOMException'] === 'function' ? top['DOMException'] : null) as (new (m: string, n: string) => Error) | null;
  const fail = (message: string, name: string): Error => (DomError ? new DomError(message, name) : new TypeErrorCtor(message));

  const dict = (): Obj => create(null) as Obj;
  // Descriptors without a prototype (literals define their own properties, no setter runs):
  // `Object.prototype.get = …` in the page must not make a define throw and fail open.
  const bare = <T extends object>(o: T): T => setPrototypeOf(o, null) as T;
  const data = (value: unknown, writable: boolean, enumerable: boolean, configurable: boolean): PropertyDescriptor =>
    bare({ value, writable, enumerable, configurable });
  const copyOf = (d: PropertyDescriptor): PropertyDescriptor =>
    hasOwn(d, 'value')
      ? data(d.value, d.writable === true, d.enumerable === true, d.configurable === true)
      : bare({ get: d.get, set: d.set, enumerable: d.enumerable === true, configurable: d.configurable === true });
  const put = (o: object, key: PropertyKey, value: unknown): void => void define(o, key, data(value, true, true, true));
  const append = (list: unknown[], value: unknown): void => put(list, list.length, value);
  /** A sequence Chromium can read without touching Array.prototype or %ArrayIteratorPrototype%. */
  const iterable = (values: unknown[]): Obj => {
    const seq = dict();
    put(seq, iteratorKey, () => {
      let i = 0;
      const cursor = dict();
      put(cursor, 'next', () => {
        const step = dict();
        put(step, 'done', i >= values.length);
        put(step, 'value', i < values.length ? values[i] : undefined);
        i += 1;
        return step;
      });
      return cursor;
    });
    return seq;
  };

  /** Reads each member of the page's RTCConfiguration once; anything but plain strings is malformed. */
  function read(config: unknown): { request: IceRequest; rest: Obj } {
    const rest = dict();
    const servers: unknown[] = [];
    const request = { malformed: false, servers } as { malformed: boolean; servers: IceRequest['servers'] };
    const bad = () => ({ request: { malformed: true, servers: [] }, rest });
    if (config === undefined || config === null) return { request, rest };
    if (typeof config !== 'object' && typeof config !== 'function') return bad();
    const c = config as Obj;
    const copy = (key: string, type: string) => {
      const v = c[key];
      if (v === undefined) return;
      if (typeof v === type) put(rest, key, v);
      else request.malformed = true;
    };
    copy('bundlePolicy', 'string');
    copy('iceTransportPolicy', 'string');
    copy('rtcpMuxPolicy', 'string');
    copy('iceCandidatePoolSize', 'number');
    copy('encodedInsertableStreams', 'boolean');
    const certificates = c['certificates'];
    if (certificates !== undefined) {
      if (!isArray(certificates) || certificates.length > 8) request.malformed = true;
      else {
        const copied: unknown[] = [];
        for (let i = 0; i < certificates.length; i++) append(copied, certificates[i]);
        put(rest, 'certificates', iterable(copied));
      }
    }
    const list = c['iceServers'];
    if (list === undefined) return { request, rest };
    if (!isArray(list) || list.length > 32) return bad();
    for (let i = 0; i < list.length; i++) {
      const entry = list[i] as Obj | null;
      if (typeof entry !== 'object' || entry === null) return bad();
      const rawUrls = entry['urls'];
      const urls: string[] = [];
      if (typeof rawUrls === 'string') append(urls, rawUrls);
      else if (!isArray(rawUrls) || rawUrls.length > 32) return bad();
      else {
        for (let j = 0; j < rawUrls.length; j++) {
          const u: unknown = rawUrls[j];
          if (typeof u !== 'string') return bad();
          append(urls, u);
        }
      }
      const server = { urls } as Obj;
      const username = entry['username'];
      const credential = entry['credential'];
      if ((username !== undefined && typeof username !== 'string') || (credential !== undefined && typeof credential !== 'string')) return bad();
      if (username !== undefined) put(server, 'username', username);
      if (credential !== undefined) put(server, 'credential', credential);
      append(servers, server);
    }
    return { request, rest };
  }

  /** The dictionary Chromium gets, or an exception (refusals reported first). */
  function vet(config: unknown): Obj {
    const { request, rest } = read(config);
    const decision = decide(request);
    if (decision.verdict === 'allow') {
      const granted: unknown[] = [];
      for (let i = 0; i < decision.servers.length; i++) {
        const g = decision.servers[i]!;
        if (typeof g.urls !== 'string') throw fail('ICE server refused', 'SecurityError');
        const server = dict();
        put(server, 'urls', g.urls);
        if (typeof g.username === 'string') put(server, 'username', g.username);
        if (typeof g.credential === 'string') put(server, 'credential', g.credential);
        append(granted, server);
      }
      put(rest, 'iceServers', iterable(granted));
      return rest;
    }
    if (decision.verdict === 'not-ready') throw fail('The ICE servers of the site profile are not loaded yet', 'InvalidStateError');
    try {
      report(decision.refused);
    } catch {
      // Reporting is best effort; the refusal stands either way.
    }
    throw fail('ICE server not named by the site profile', 'SecurityError');
  }

  function guardConstructor(realm: Obj, Native: Fn & { prototype: Obj }): void {
    const proto = Native.prototype;
    const nativeSetConfiguration = proto['setConfiguration'] as Fn;
    // Only the first argument: the legacy second (media constraints) names no servers and is dropped.
    const Guarded = function RTCPeerConnection(config?: unknown): object {
      if (new.target === undefined) throw new TypeErrorCtor("Failed to construct 'RTCPeerConnection': Please use the 'new' operator");
      return construct(Native, [vet(config)], new.target) as object;
    };
    define(Guarded, 'prototype', data(proto, false, false, false));
    setPrototypeOf(Guarded, getPrototypeOf(Native));
    const statics = ownKeys(Native);
    for (let i = 0; i < statics.length; i++) {
      const key = statics[i]!;
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      const d = getOwnPropertyDescriptor(Native, key);
      if (d) define(Guarded, key, copyOf(d));
    }
    if (typeof nativeSetConfiguration === 'function') {
      const setConfiguration = function setConfiguration(this: unknown, config: unknown) {
        return apply(nativeSetConfiguration, this, [vet(config)]);
      };
      define(proto, 'setConfiguration', data(setConfiguration, true, true, true));
    }
    // `Object.getPrototypeOf(pc).constructor` must not lead back to the native constructor.
    define(proto, 'constructor', data(Guarded, true, false, true));
    freeze(proto);
    freeze(Guarded);
    const names = getOwnPropertyNames(realm);
    for (let i = 0; i < names.length; i++) {
      const d = getOwnPropertyDescriptor(realm, names[i]!);
      if (d && hasOwn(d, 'value') && d.value === Native) define(realm, names[i]!, data(Guarded, false, false, false));
    }
  }

  const protoOf = (realm: Obj, name: string): Obj | null => {
    const ctor = realm[name];
    const proto = typeof ctor === 'function' ? (ctor as { prototype?: unknown }).prototype : undefined;
    return typeof proto === 'object' && proto !== null ? (proto as Obj) : null;
  };
  /**
   * Wraps a method or accessor so that every same-origin frame is guarded once it has run;
   * `realmOf` names a realm the result leads to (a frame in a shadow root is not among the
   * window's indexed frames, so its contentWindow is guarded directly).
   */
  function after(proto: Obj | null, name: string, part: 'value' | 'get' | 'set', realmOf?: (result: unknown) => unknown): void {
    const found = proto ? getOwnPropertyDescriptor(proto, name) : undefined;
    if (!proto || !found || !hasOwn(found, part)) return;
    const d = copyOf(found);
    const original = d[part] as Fn | undefined;
    if (typeof original !== 'function') return;
    d[part] = function (this: unknown, ...args: unknown[]) {
      let result: unknown;
      try {
        result = apply(original, this, args);
        return result;
      } finally {
        guardAll();
        if (realmOf) guardFrom(realmOf, result);
      }
    };
    define(proto, name, d);
  }
  const refuseWindow = (): null => null;

  function hookRealm(realm: Obj): void {
    const inserts: [string, string[]][] = [
      ['Node', ['appendChild', 'insertBefore', 'replaceChild']],
      ['Element', ['append', 'prepend', 'replaceChildren', 'moveBefore', 'before', 'after', 'replaceWith', 'insertAdjacentElement', 'insertAdjacentHTML', 'setHTML', 'setHTMLUnsafe']],
      ['Document', ['append', 'prepend', 'replaceChildren', 'moveBefore', 'write', 'writeln', 'execCommand']],
      ['DocumentFragment', ['append', 'prepend', 'replaceChildren', 'moveBefore']],
      ['CharacterData', ['before', 'after', 'replaceWith']],
      ['DocumentType', ['before', 'after', 'replaceWith']],
      ['Range', ['insertNode', 'surroundContents']],
    ];
    // Index loops only: this also runs for a new frame long after install, when page script
    // may have replaced Array.prototype[Symbol.iterator].
    for (let i = 0; i < inserts.length; i++) {
      const methods = inserts[i]![1];
      for (let j = 0; j < methods.length; j++) after(protoOf(realm, inserts[i]![0]), methods[j]!, 'value');
    }
    const setters = ['Element', 'ShadowRoot'];
    for (let i = 0; i < setters.length; i++) {
      after(protoOf(realm, setters[i]!), 'innerHTML', 'set');
      after(protoOf(realm, setters[i]!), 'outerHTML', 'set');
    }
    const frames = ['HTMLIFrameElement', 'HTMLFrameElement', 'HTMLObjectElement'];
    for (let i = 0; i < frames.length; i++) {
      after(protoOf(realm, frames[i]!), 'contentWindow', 'get', (w) => w);
      after(protoOf(realm, frames[i]!), 'contentDocument', 'get', (d) => (d as Obj | null)?.['defaultView']);
    }
    const eventTarget = protoOf(realm, 'EventTarget');
    const listen = eventTarget?.['addEventListener'] as Fn | undefined;
    // A navigated frame is a new realm by its load event. Reading the target's contentWindow
    // (through the hook above) guards it even inside a shadow root.
    const onLoad = (event: unknown) => {
      guardAll();
      try {
        void ((event as Obj)['target'] as Obj | null)?.['contentWindow'];
      } catch {
        // not a frame
      }
    };
    // `load` never reaches the window (DOM "get the parent" stops at the document for it),
    // nor leaves a shadow root: capture on the document and on every new shadow root.
    if (typeof listen === 'function') {
      if (realm['document']) apply(listen, realm['document'], ['load', onLoad, true]);
      const element = protoOf(realm, 'Element');
      const attach = element?.['attachShadow'] as Fn | undefined;
      if (element && typeof attach === 'function') {
        put(element, 'attachShadow', function (this: unknown, ...args: unknown[]) {
          const root = apply(attach, this, args);
          apply(listen, root, ['load', onLoad, true]);
          return root;
        });
      }
    }
    if (typeof realm['open'] === 'function') put(realm, 'open', refuseWindow);
    const documentProto = protoOf(realm, 'Document');
    const documentOpen = documentProto?.['open'] as Fn | undefined;
    if (documentProto && typeof documentOpen === 'function') {
      put(documentProto, 'open', function (this: unknown, ...args: unknown[]) {
        return args.length > 2 ? null : apply(documentOpen, this, args);
      });
    }
    const pip = protoOf(realm, 'DocumentPictureInPicture');
    if (pip && typeof pip['requestWindow'] === 'function') {
      put(pip, 'requestWindow', () => PromiseCtor.reject(fail('New windows are not allowed', 'NotAllowedError')));
    }
  }

  /** Guards one realm once (a navigated frame is a new realm without the marker). */
  function guardRealm(realm: Obj): void {
    try {
      if (getOwnPropertyDescriptor(realm, marker) !== undefined) return;
      define(realm, marker, data(true, false, false, false));
    } catch {
      return; // cross-origin: page script cannot reach into it either
    }
    const Native = realm['RTCPeerConnection'];
    if (typeof Native === 'function') guardConstructor(realm, Native as Fn & { prototype: Obj });
    hookRealm(realm);
  }

  function visit(realm: Obj, depth: number): void {
    guardRealm(realm);
    if (depth >= 8) return;
    // Own indexed properties of a WindowProxy are its child frames; page script cannot define or shadow them.
    for (let i = 0; i < 64; i++) {
      let child: unknown;
      try {
        child = getOwnPropertyDescriptor(realm, i)?.value;
      } catch {
        continue;
      }
      if (child === undefined || child === null) return;
      visit(child as Obj, depth + 1);
    }
  }
  // A hook must never break the page's DOM call: failures (cross-origin, gone) are swallowed.
  function guardFrom(realmOf: (result: unknown) => unknown, result: unknown): void {
    try {
      const realm = result === null || result === undefined ? null : realmOf(result);
      if (typeof realm === 'object' && realm !== null) visit(realm as Obj, 0);
    } catch {
      /* see above */
    }
  }
  function guardAll(): void {
    guardFrom(() => top, top);
  }

  guardRealm(top); // not through guardAll: a failure here must surface in the preload / bridge
  guardAll();
}
