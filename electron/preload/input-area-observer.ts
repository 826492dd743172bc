import {
  ARTICLE_ID_ATTRIBUTE,
  ARTICLE_VERSION_ATTRIBUTE,
  DEFAULT_CLIPBOARD_RULES,
  areaOfElement,
  dragCarriesText,
  PROTECTED_ATTRIBUTE,
  inputAreaOf,
  mayCopyOut,
  mayPaste,
  selectionTouchesProtected,
  type ClipboardRules,
} from '../contract/protected-area.ts';
import type { InputAreaReport } from '../contract/kb-protection.ts';
import { coalescedClear, selectionNeedsClearing } from '../contract/primary-selection.ts';

/**
 * The input guard's eyes, in the preload's isolated world: page script shares the DOM but
 * cannot reach these listeners, their copies of the DOM functions (contract/protected-area.ts
 * runs here) or ipcRenderer. On every focus, selection or DOM change it works out where the
 * operator's input is (protected | sensitive | editable | other, whether the selection touches
 * protected content, which article is on screen) and, when that changed, tells main over the
 * dedicated `desk-guard:input-area` channel; main's before-input-event then allows copy, cut
 * and select-all in the agent's own fields only (electron/main/input-guard.ts).
 *
 * Defence in depth, also from this world, even if page script stopped the page guard's
 * listeners: a `copy`/`cut` event main's rules would refuse (outside the agent's own field, a
 * selection touching protected content, or own fields while the institution's clipboard policy
 * forbids copying them) are cancelled (with empty data, so the clipboard keeps what it had);
 * a `paste` event outside a text field, or anywhere while the policy forbids pasting, is
 * cancelled — that covers what no key carries: the macOS Edit menu and the X11 middle-click
 * paste. Drag and drop is copy and paste by mouse, judged by the element under the pointer:
 * a `dragstart` where copy would be refused (an article, a sensitive field, outside the agent's
 * fields, own fields while the policy forbids copying them) is cancelled with its data
 * cleared; a `dragover`/`drop` carrying text (from another application or elsewhere in the
 * page) onto a place paste would be refused says "no drop" and is cancelled. The rules are main's answer to each report and follow the
 * desk's `policy.changed` event; until main has answered, copy-out and paste are refused
 * (fail closed, like main's unknown area).
 *
 * On Linux (`clearSelection` given) a text selection is itself a copy: Chromium puts it in the
 * selection clipboard, which other applications paste with a middle-click. When text is selected
 * where copy-out is refused (or in a password field), the observer asks main to empty that buffer (contract/
 * primary-selection.ts; coalesced, nothing sent while no such selection exists).
 */
/** Until main has told the rules: nothing in or out of the agent's fields by clipboard event. */
export const RULES_BEFORE_MAIN_ANSWERS: ClipboardRules = Object.freeze({ copyFromOwnFields: false, pasteIntoFields: false });

/** Main's reply to a report: the rules, or null when it is anything else (then the rules stay). */
export function rulesFromReply(reply: unknown): ClipboardRules | null {
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) return null;
  const r = reply as Record<string, unknown>;
  const keys = Object.keys(r).sort();
  if (keys.length !== 2 || keys[0] !== 'copyFromOwnFields' || keys[1] !== 'pasteIntoFields') return null;
  if (typeof r['copyFromOwnFields'] !== 'boolean' || typeof r['pasteIntoFields'] !== 'boolean') return null;
  return { copyFromOwnFields: r['copyFromOwnFields'], pasteIntoFields: r['pasteIntoFields'] };
}

/** A `policy.changed` payload's rules: absent clipboard = the defaults; a malformed one = null (keep). */
export function rulesFromPolicy(policy: unknown): ClipboardRules | null {
  if (typeof policy !== 'object' || policy === null) return null;
  const clipboard = (policy as { clipboard?: unknown }).clipboard;
  return clipboard === undefined ? DEFAULT_CLIPBOARD_RULES : rulesFromReply(clipboard);
}

/** The DOM as the observer needs it (the preload is compiled without the DOM lib; jsdom in tests). */
interface DomEvent {
  readonly type: string;
  readonly target: unknown;
  preventDefault(): void;
  readonly clipboardData?: { clearData(): void } | null;
  readonly dataTransfer?: { readonly types: ArrayLike<string>; dropEffect: string; clearData(): void } | null;
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
  /** The clipboard rules this world applies now. */
  rules(): ClipboardRules;
  /** New rules from main (a `policy.changed` event); null keeps the rules as they are. */
  setRules(rules: ClipboardRules | null): void;
  /** Removes every listener (tests; the preload's observer lives as long as its page). */
  stop(): void;
}

/**
 * `send` delivers a report to main; what it resolves to is main's reply (the rules in force).
 * `clearSelection` (Linux only) asks main to empty the selection clipboard.
 */
export function observeInputArea(
  g: ObserverGlobals,
  send: (report: InputAreaReport) => Promise<unknown> | void,
  clearSelection?: () => Promise<unknown>,
): InputAreaObserver {
  const doc = g.document;
  let last = '';
  let rules: ClipboardRules = RULES_BEFORE_MAIN_ANSWERS;
  const primary = clearSelection ? coalescedClear(clearSelection) : null;
  // Cheapest test first: selectionchange fires on every caret move.
  const guardSelection = () => {
    if (primary && selectionNeedsClearing(doc, rules)) primary.request();
  };
  const setRules = (next: ClipboardRules | null) => {
    if (next === null) return;
    const couldCopy = rules.copyFromOwnFields;
    rules = next;
    // Copying just became refused while own text is selected: the buffer holds it already.
    if (couldCopy && !next.copyFromOwnFields) guardSelection();
  };
  const compute = (): InputAreaReport => ({ ...inputAreaOf(doc), article: articleOnScreen(doc) });
  const update = () => {
    const report = compute();
    const key = JSON.stringify(report);
    if (key === last) return;
    last = key;
    const reply = send(report);
    if (reply) reply.then((r) => setRules(rulesFromReply(r))).catch(() => undefined);
  };
  const capture = { capture: true } as const;
  const cancelClipboard = (e: DomEvent) => {
    if (mayCopyOut(inputAreaOf(doc), rules)) return;
    e.clipboardData?.clearData();
    e.preventDefault();
  };
  const cancelPaste = (e: DomEvent) => {
    if (!mayPaste(inputAreaOf(doc), rules)) e.preventDefault();
  };
  // Dragging out is copy: judged where the drag starts (focus may be elsewhere).
  const cancelDragOut = (e: DomEvent) => {
    if (mayCopyOut({ area: areaOfElement(e.target), selectionProtected: selectionTouchesProtected(doc) }, rules)) return;
    e.dataTransfer?.clearData();
    e.preventDefault();
  };
  // Dropping in is paste: judged where the text would land, the element under the pointer.
  const cancelDropIn = (e: DomEvent) => {
    if (!dragCarriesText(e.dataTransfer?.types) || mayPaste({ area: areaOfElement(e.target), selectionProtected: false }, rules)) return;
    // A cancelled dragover with dropEffect "none" is the "no drop" cursor, and then no drop fires.
    if (e.type === 'dragover' && e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    e.preventDefault();
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
    [g, 'paste', cancelPaste, capture],
    [g, 'dragstart', cancelDragOut, capture],
    [g, 'dragover', cancelDropIn, capture],
    [g, 'drop', cancelDropIn, capture],
  ];
  // Capture at the document: a text field's own selectionchange (and select) may not bubble.
  if (primary) listeners.push([doc, 'selectionchange', guardSelection, capture], [g, 'select', guardSelection, capture]);
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
    rules: () => rules,
    setRules,
    stop: () => {
      for (const [target, type, listener, options] of listeners) target.removeEventListener(type, listener, options);
      observer?.disconnect();
    },
  };
}
