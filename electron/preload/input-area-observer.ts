import {
  ARTICLE_ID_ATTRIBUTE,
  ARTICLE_VERSION_ATTRIBUTE,
  PROTECTED_ATTRIBUTE,
  inputAreaOf,
  insideProtected,
  selectionTouchesProtected,
} from '../contract/protected-area.ts';
import type { InputAreaReport } from '../contract/kb-protection.ts';

/**
 * The input guard's eyes, in the preload's isolated world: page script shares the DOM but
 * cannot reach these listeners, their copies of the DOM functions (contract/protected-area.ts
 * runs here) or ipcRenderer. On every focus, selection or DOM change it works out where the
 * operator's input is (protected | sensitive | editable | other, whether the selection touches
 * protected content, which article is on screen) and, when that changed, tells main over the
 * dedicated `desk-guard:input-area` channel; main's before-input-event then allows copy, cut
 * and select-all in the agent's own fields only (electron/main/input-guard.ts).
 *
 * Defence in depth, also from this world: a `copy`/`cut` event whose selection touches
 * protected content, and a drag out of it, are cancelled (with empty data, so the clipboard
 * keeps what it had) even if page script stopped the page guard's listeners.
 */
/** The DOM as the observer needs it (the preload is compiled without the DOM lib; jsdom in tests). */
interface DomEvent {
  readonly target: unknown;
  preventDefault(): void;
  readonly clipboardData?: { clearData(): void } | null;
}
type Listen = (type: string, listener: (event: DomEvent) => void, options?: boolean | { capture?: boolean }) => void;
interface Listenable {
  addEventListener: Listen;
  removeEventListener: Listen;
}
interface DomElement {
  getAttribute(name: string): string | null;
}
export interface ObservedDocument {
  readonly activeElement: unknown;
  getSelection: Parameters<typeof inputAreaOf>[0]['getSelection'];
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<unknown>;
  addEventListener: Listen;
  removeEventListener: Listen;
  readonly documentElement: unknown;
}
interface MutationObserverLike {
  observe(target: unknown, options: { subtree: boolean; childList: boolean; attributes: boolean; attributeFilter: string[] }): void;
  disconnect(): void;
}

export interface ObserverGlobals {
  document: ObservedDocument;
  addEventListener: Listen;
  removeEventListener: Listen;
  MutationObserver?: new (callback: () => void) => MutationObserverLike;
}

function articleOnScreen(doc: ObservedDocument): InputAreaReport['article'] {
  const region = doc.querySelector(`[${PROTECTED_ATTRIBUTE}]`);
  if (!region) return null;
  const articleId = Number(region.getAttribute(ARTICLE_ID_ATTRIBUTE));
  const version = Number(region.getAttribute(ARTICLE_VERSION_ATTRIBUTE));
  return Number.isInteger(articleId) && articleId > 0 && Number.isInteger(version) && version > 0 ? { articleId, version } : null;
}

export interface InputAreaObserver {
  current(): InputAreaReport;
  /** Removes every listener (tests; the preload's observer lives as long as its page). */
  stop(): void;
}

export function observeInputArea(g: ObserverGlobals, send: (report: InputAreaReport) => void): InputAreaObserver {
  const doc = g.document;
  let last = '';
  const compute = (): InputAreaReport => ({ ...inputAreaOf(doc), article: articleOnScreen(doc) });
  const update = () => {
    const report = compute();
    const key = JSON.stringify(report);
    if (key === last) return;
    last = key;
    send(report);
  };
  const capture = { capture: true } as const;
  const cancelClipboard = (e: DomEvent) => {
    if (!selectionTouchesProtected(doc) && !insideProtected(doc.activeElement)) return;
    e.clipboardData?.clearData();
    e.preventDefault();
  };
  const cancelDrag = (e: DomEvent) => {
    if (insideProtected(e.target) || selectionTouchesProtected(doc)) e.preventDefault();
  };
  const listeners: [Listenable, string, (e: DomEvent) => void, { capture: boolean } | undefined][] = [
    [doc, 'focusin', update, capture],
    [doc, 'focusout', update, capture],
    [doc, 'selectionchange', update, undefined],
    // Keys and clicks move focus and selection: report before main sees the next key.
    [g, 'keyup', update, capture],
    [g, 'mouseup', update, capture],
    [g, 'copy', cancelClipboard, capture],
    [g, 'cut', cancelClipboard, capture],
    [g, 'dragstart', cancelDrag, capture],
  ];
  for (const [target, type, listener, options] of listeners) target.addEventListener(type, listener, options);

  // An article opened or closed without a focus change (live update, navigation in the page).
  const Observer = g.MutationObserver;
  const observer = Observer ? new Observer(update) : null;
  const start = () => {
    if (observer && doc.documentElement) {
      observer.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: [PROTECTED_ATTRIBUTE, ARTICLE_VERSION_ATTRIBUTE] });
    }
  };
  if (doc.documentElement) start();
  else doc.addEventListener('DOMContentLoaded', start);
  update();
  return {
    current: compute,
    stop: () => {
      for (const [target, type, listener, options] of listeners) target.removeEventListener(type, listener, options);
      observer?.disconnect();
    },
  };
}
