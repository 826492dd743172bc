/**
 * The page's export guard, installed in the main world before any page script — in
 * Electron by the preload (`contextBridge.executeInMainWorld`), in the browser test host by
 * its bridge script — exactly like the WebRTC guard (webrtc-guard.ts). SELF-CONTAINED:
 * executeInMainWorld serializes this function's source, so it uses only its arguments and
 * the realm's globals, copied at install time.
 *
 * What it replaces, because no DOM event can cancel it afterwards:
 * - `window.print()`: never prints (Electron's `disableDialogs` does not stop it; nothing in
 *   main can intercept it). Read-only and non-configurable afterwards.
 * - `document.execCommand('copy' | 'cut')` while the selection or focus touches a region
 *   marked `data-desk-protected`: returns false and runs nothing.
 * - `navigator.clipboard.write / writeText` while any protected region is in the document:
 *   rejected (the desk itself never writes the clipboard from script).
 *
 * Each refusal is announced as a `desk:export-blocked` CustomEvent on the document, with
 * `{ attempt, via }`; the page guard (renderer/src/features/kb/protection) audits it with
 * the article's id and version. Page script can forge that event; it gains nothing but an
 * audit record. Limits (other realms, print CSS as the backstop): docs/security.md.
 */
export function installExportGuard(target?: object): void {
  type Obj = Record<PropertyKey, unknown>;
  type Fn = (...args: unknown[]) => unknown;
  const top = (target ?? globalThis) as Obj;
  const { apply } = Reflect;
  const { defineProperty: define, getOwnPropertyDescriptor, setPrototypeOf } = Object;
  const PromiseCtor = Promise;
  const doc = top['document'] as Obj | undefined;
  const CustomEventCtor = top['CustomEvent'] as (new (type: string, init: object) => object) | undefined;
  const DomError = (typeof top['DOMException'] === 'function' ? top['DOMException'] : Error) as new (m: string, n: string) => Error;
  const PROTECTED = '[data-desk-protected]';
  const protoOf = (name: string): Obj | null => {
    const ctor = top[name] as ({ prototype?: Obj } & Fn) | undefined;
    return typeof ctor === 'function' && typeof ctor.prototype === 'object' ? ctor.prototype : null;
  };
  const documentProto = protoOf('Document');
  const elementProto = protoOf('Element');
  const nodeProto = protoOf('Node');
  const nativeExec = documentProto?.['execCommand'] as Fn | undefined;
  const nativeGetSelection = documentProto?.['getSelection'] as Fn | undefined;
  const nativeQuery = documentProto?.['querySelector'] as Fn | undefined;
  const nativeClosest = elementProto?.['closest'] as Fn | undefined;
  const nativeDispatch = (protoOf('EventTarget')?.['dispatchEvent'] as Fn | undefined) ?? null;
  const parentElementGet = nodeProto ? getOwnPropertyDescriptor(nodeProto, 'parentElement')?.get : undefined;
  const activeElementGet = documentProto ? getOwnPropertyDescriptor(documentProto, 'activeElement')?.get : undefined;
  const bare = <T extends object>(o: T): T => setPrototypeOf(o, null) as T;

  const announce = (attempt: string, via: string): void => {
    if (!doc || !CustomEventCtor || !nativeDispatch) return;
    try {
      apply(nativeDispatch, doc, [new CustomEventCtor('desk:export-blocked', { detail: bare({ attempt, via }) })]);
    } catch {
      // Announcing is best effort; the refusal stands either way.
    }
  };
  const inProtected = (node: unknown): boolean => {
    let el = node as Obj | null;
    try {
      if (el && (el as { nodeType?: number }).nodeType !== 1 && parentElementGet) el = apply(parentElementGet, el, []) as Obj | null;
      return !!el && !!nativeClosest && apply(nativeClosest, el, [PROTECTED]) !== null;
    } catch {
      return false;
    }
  };
  const anyProtected = (): boolean => {
    try {
      return !!doc && !!nativeQuery && apply(nativeQuery, doc, [PROTECTED]) !== null;
    } catch {
      return true; // cannot tell: refuse
    }
  };
  const selectionTouches = (d: unknown): boolean => {
    try {
      const selection = nativeGetSelection ? (apply(nativeGetSelection, d, []) as Obj | null) : null;
      if (activeElementGet && inProtected(apply(activeElementGet, d, []))) return true;
      if (!selection || selection['isCollapsed'] === true) return false;
      if (inProtected(selection['anchorNode']) || inProtected(selection['focusNode'])) return true;
      // A selection around a protected region (e.g. select-all of the body): any region in the document counts.
      return anyProtected();
    } catch {
      return true;
    }
  };

  const print = function print(): void {
    announce('print', 'window-print');
  };
  define(top, 'print', bare({ value: print, writable: false, enumerable: true, configurable: false }));

  if (documentProto && typeof nativeExec === 'function') {
    const execCommand = function execCommand(this: unknown, ...args: unknown[]): unknown {
      const command = String(args[0]).toLowerCase();
      if ((command === 'copy' || command === 'cut') && selectionTouches(this)) {
        announce(command, 'exec-command');
        return false;
      }
      return apply(nativeExec, this, args);
    };
    define(documentProto, 'execCommand', bare({ value: execCommand, writable: false, enumerable: true, configurable: false }));
  }

  const clipboardProto = protoOf('Clipboard');
  for (const name of ['write', 'writeText']) {
    const native = clipboardProto?.[name] as Fn | undefined;
    if (!clipboardProto || typeof native !== 'function') continue;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      if (anyProtected()) {
        announce('copy', 'clipboard-api');
        return PromiseCtor.reject(new DomError('Copying is not allowed while protected content is shown', 'NotAllowedError'));
      }
      return apply(native, this, args);
    };
    define(clipboardProto, name, bare({ value: wrapped, writable: false, enumerable: true, configurable: false }));
  }
}
