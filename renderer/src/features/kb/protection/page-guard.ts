import {
  ARTICLE_ID_ATTRIBUTE,
  ARTICLE_VERSION_ATTRIBUTE,
  DEFAULT_CLIPBOARD_RULES,
  EXPORT_BLOCKED_EVENT,
  PROTECTED_ATTRIBUTE,
  areaOfElement,
  inputAreaOf,
  insideProtected,
  mayCopyOut,
  maySelectAll,
  selectionTouchesProtected,
  type ClipboardRules,
} from '../../../../../electron/contract/protected-area.ts';
import type { KbBlockedAttempt, KbBlockedAttemptKind, KbBlockedVia } from '../../../../../electron/contract/kb-protection.ts';
import { classifyKey, isCopyOutAttempt } from './guard-keys.ts';

/**
 * The page's protected-viewing guard: one set of capture listeners on the window, installed
 * while at least one protected article is mounted (ProtectedArticle.tsx). It is the whole
 * defence in a browser and the page layer under main's before-input-event in Electron
 * (docs/security.md, "Protected viewing"). Every refusal inside or about a protected article
 * is reported with the article's id and version — never its text.
 *
 * - keys: copy, cut and select-all pass only in the agent's own editable field with nothing
 *   protected selected, copy and cut only while the institution's clipboard policy lets own
 *   fields be copied out of (`rules`); print and save never pass; the context-menu key not in
 *   an article;
 * - `copy` / `cut` events (the path of execCommand from another realm, menus): cancelled with
 *   empty data when the selection or focus touches protected content — the clipboard keeps
 *   what it had;
 * - `contextmenu`, `selectstart`, `dragstart` inside an article: cancelled; a press that pulls
 *   across the article (select or drag) and a double-click are reported — a click to read is not;
 * - `selectionchange`: a selection that reaches into an article (Selection API) is collapsed;
 * - the main-world export guard's refusals (window.print, execCommand, Clipboard API) and
 *   print media (matchMedia) are reported.
 */
export type BlockedReport = (attempt: KbBlockedAttempt) => void;

export interface PageGuardOptions {
  window: Window;
  report: BlockedReport;
  /** The clipboard rules in force (the session's policy), asked on every key; absent: the defaults. */
  rules?: () => ClipboardRules;
}

const ATTEMPTS = new Set<string>(['copy', 'cut', 'select-all', 'select', 'context-menu', 'drag', 'print', 'save']);
const VIAS = new Set<string>(['keyboard', 'keyboard-insert', 'keyboard-delete', 'mouse', 'double-click', 'exec-command', 'clipboard-event', 'clipboard-api', 'selection-api', 'image', 'link', 'text', 'window-print', 'print-media']);

/** The protected article an event is about: the one it happened in, else the one on screen. */
export function articleFor(doc: Document, node: unknown): { articleId: number; version: number } | null {
  const el = node && (node as Node).nodeType === 1 ? (node as Element) : ((node as Node | null)?.parentElement ?? null);
  const region = el?.closest(`[${PROTECTED_ATTRIBUTE}]`) ?? doc.querySelector(`[${PROTECTED_ATTRIBUTE}]`);
  if (!region) return null;
  const articleId = Number(region.getAttribute(ARTICLE_ID_ATTRIBUTE));
  const version = Number(region.getAttribute(ARTICLE_VERSION_ATTRIBUTE));
  return Number.isInteger(articleId) && articleId > 0 && Number.isInteger(version) && version > 0 ? { articleId, version } : null;
}

/** What a drag out of an article carries: an image, a link, or text. */
function dragVia(target: EventTarget | null): 'image' | 'link' | 'text' {
  const el = target as Element | null;
  if (!el || el.nodeType !== 1) return 'text';
  if (el.tagName.toLowerCase() === 'img') return 'image';
  return el.closest('a') ? 'link' : 'text';
}

export function installPageGuard({ window: win, report, rules = () => DEFAULT_CLIPBOARD_RULES }: PageGuardOptions): () => void {
  const doc = win.document;
  /**
   * A button pressed inside an article: judged once the pointer really moves (a click to read
   * is no attempt) — pulling an image or link is a drag (even where `draggable=false` means no
   * dragstart ever fires), pulling across text is a selection (which `user-select: none` and the
   * refused `selectstart` keep empty; Chromium fires no selectstart under `user-select: none`).
   */
  let press: { x: number; y: number; target: EventTarget | null } | null = null;
  const send = (attempt: KbBlockedAttemptKind, via: KbBlockedVia, node: unknown): void => {
    const article = articleFor(doc, node);
    if (article) report({ attempt, via, ...article });
  };
  const touchesProtected = (): boolean => selectionTouchesProtected(doc) || areaOfElement(doc.activeElement) === 'protected';

  const onKeyDown = (e: KeyboardEvent) => {
    const attempt = classifyKey(e);
    if (!attempt) return;
    if (isCopyOutAttempt(attempt)) {
      const state = inputAreaOf(doc);
      if (attempt.attempt === 'select-all' ? maySelectAll(state) : mayCopyOut(state, rules())) return;
      if (maySelectAll(state)) {
        // The agent's own field, closed by the clipboard policy: refused, but no attempt on the article.
        e.preventDefault();
        return;
      }
    } else if (attempt.attempt === 'context-menu' && !touchesProtected()) return;
    e.preventDefault();
    send(attempt.attempt, attempt.via, doc.activeElement);
  };
  const onClipboard = (e: ClipboardEvent) => {
    const area = areaOfElement(doc.activeElement);
    const aboutArticle = touchesProtected() || area === 'sensitive';
    const ownFieldClosed = area === 'editable' && !rules().copyFromOwnFields;
    if (!aboutArticle && !ownFieldClosed) return;
    // Cancelled with no data: Chromium then leaves the clipboard as it was.
    e.clipboardData?.clearData();
    e.preventDefault();
    e.stopImmediatePropagation();
    if (aboutArticle) send(e.type === 'cut' ? 'cut' : 'copy', 'clipboard-event', doc.getSelection()?.anchorNode ?? null);
  };
  const onContextMenu = (e: MouseEvent) => {
    if (!insideProtected(e.target) && !touchesProtected()) return;
    e.preventDefault();
    send('context-menu', e.button === 2 ? 'mouse' : 'keyboard', e.target);
  };
  const onMouseDown = (e: MouseEvent) => {
    press = e.button === 0 && insideProtected(e.target) ? { x: e.clientX, y: e.clientY, target: e.target } : null;
  };
  const onSelectStart = (e: Event) => {
    if (insideProtected(e.target)) e.preventDefault();
  };
  const onDoubleClick = (e: MouseEvent) => {
    if (insideProtected(e.target)) send('select', 'double-click', e.target);
  };
  const onMouseMove = (e: MouseEvent) => {
    if (!press || (e.buttons & 1) === 0) return;
    if (Math.abs(e.clientX - press.x) + Math.abs(e.clientY - press.y) < 4) return;
    const via = dragVia(press.target);
    if (via === 'text') send('select', 'mouse', press.target);
    else send('drag', via, press.target);
    press = null;
  };
  const onMouseUp = () => {
    press = null;
  };
  const onSelectionChange = () => {
    if (!selectionTouchesProtected(doc)) return;
    const selection = doc.getSelection();
    const anchor = selection?.anchorNode ?? null;
    selection?.removeAllRanges();
    send('select', 'selection-api', anchor);
  };
  const onDragStart = (e: DragEvent) => {
    if (!insideProtected(e.target) && !selectionTouchesProtected(doc)) return;
    e.preventDefault();
    e.dataTransfer?.clearData();
    send('drag', dragVia(e.target), e.target);
  };
  const onExportBlocked = (e: Event) => {
    const detail = (e as CustomEvent<unknown>).detail as { attempt?: unknown; via?: unknown } | null;
    const attempt = detail?.attempt;
    const via = detail?.via;
    if (typeof attempt === 'string' && typeof via === 'string' && ATTEMPTS.has(attempt) && VIAS.has(via)) {
      send(attempt as KbBlockedAttemptKind, via as KbBlockedVia, doc.activeElement);
    }
  };
  const printMedia = typeof win.matchMedia === 'function' ? win.matchMedia('print') : null;
  const onPrintMedia = (e: MediaQueryListEvent) => {
    if (e.matches) send('print', 'print-media', null);
  };

  const capture = { capture: true } as const;
  win.addEventListener('keydown', onKeyDown, capture);
  win.addEventListener('copy', onClipboard, capture);
  win.addEventListener('cut', onClipboard, capture);
  win.addEventListener('contextmenu', onContextMenu, capture);
  win.addEventListener('mousedown', onMouseDown, capture);
  win.addEventListener('mousemove', onMouseMove, capture);
  win.addEventListener('dblclick', onDoubleClick, capture);
  win.addEventListener('mouseup', onMouseUp, capture);
  win.addEventListener('selectstart', onSelectStart, capture);
  win.addEventListener('dragstart', onDragStart, capture);
  doc.addEventListener('selectionchange', onSelectionChange);
  doc.addEventListener(EXPORT_BLOCKED_EVENT, onExportBlocked);
  printMedia?.addEventListener('change', onPrintMedia);
  return () => {
    win.removeEventListener('keydown', onKeyDown, capture);
    win.removeEventListener('copy', onClipboard, capture);
    win.removeEventListener('cut', onClipboard, capture);
    win.removeEventListener('contextmenu', onContextMenu, capture);
    win.removeEventListener('mousedown', onMouseDown, capture);
    win.removeEventListener('mousemove', onMouseMove, capture);
    win.removeEventListener('dblclick', onDoubleClick, capture);
    win.removeEventListener('mouseup', onMouseUp, capture);
    win.removeEventListener('selectstart', onSelectStart, capture);
    win.removeEventListener('dragstart', onDragStart, capture);
    doc.removeEventListener('selectionchange', onSelectionChange);
    doc.removeEventListener(EXPORT_BLOCKED_EVENT, onExportBlocked);
    printMedia?.removeEventListener('change', onPrintMedia);
  };
}
