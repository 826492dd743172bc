import { inputAreaOf, mayCopyOut, type ClipboardRules } from './protected-area.ts';

/**
 * The Linux selection clipboard (X11 PRIMARY; Wayland's primary selection where the compositor
 * has it). Chromium's browser process writes every text selection the user makes there itself — no
 * `copy` event, no key, no policy check — and any other application reads it with a
 * middle-click. There is no Chromium switch or Electron option that turns this off (the write
 * happens whenever the platform clipboard has a selection buffer), so the desk takes the text
 * back out: the preload's observer tells main, over this channel, that a selection exists where
 * copy-out is refused, and main overwrites the selection buffer with nothing
 * (electron/main/primary-selection.ts). Zod-free: the preload runs it.
 *
 * Like the input-area channel it is not in the desk table, so page script cannot send it
 * (and could only ever empty the selection buffer with it).
 */
export const PRIMARY_SELECTION_CHANNEL = 'desk-guard:primary-selection';

interface TextControl {
  readonly tagName?: unknown;
  readonly selectionStart?: unknown;
  readonly selectionEnd?: unknown;
}
interface SelectionDocument {
  readonly activeElement: unknown;
  getSelection(): { readonly rangeCount: number; readonly isCollapsed: boolean } | null;
}
type GuardedDocument = SelectionDocument & Parameters<typeof inputAreaOf>[0];

/** The focused input or textarea has a non-empty selection (its text is not in the document's selection). */
function textControlHasSelection(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const el = node as TextControl;
  const tag = typeof el.tagName === 'string' ? el.tagName.toLowerCase() : '';
  if (tag !== 'input' && tag !== 'textarea') return false;
  try {
    // null for input types without a text selection (checkbox, date, …).
    return typeof el.selectionStart === 'number' && typeof el.selectionEnd === 'number' && el.selectionStart !== el.selectionEnd;
  } catch {
    // Some engines throw instead of answering null; no selection then.
    return false;
  }
}

/** True when some text is selected: in the focused text field, or anywhere in the document. */
export function hasSelectedText(doc: SelectionDocument): boolean {
  if (textControlHasSelection(doc.activeElement)) return true;
  const selection = doc.getSelection();
  return selection !== null && selection.rangeCount > 0 && !selection.isCollapsed;
}

/** A password input: Chromium refuses to copy out of one, yet writes its selection to PRIMARY (measured, Chromium 156 on X11). */
function isPasswordField(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const el = node as { tagName?: unknown; getAttribute?: (name: string) => string | null };
  return typeof el.tagName === 'string' && el.tagName.toLowerCase() === 'input' && typeof el.getAttribute === 'function' && (el.getAttribute('type') ?? '').toLowerCase() === 'password';
}

/**
 * The selection clipboard must be emptied: text is selected where copy-out is refused (the same
 * decision as a `copy` event there), or in a password field whatever the rules say.
 */
export function selectionNeedsClearing(doc: GuardedDocument, rules: ClipboardRules): boolean {
  if (!hasSelectedText(doc)) return false;
  return isPasswordField(doc.activeElement) || !mayCopyOut(inputAreaOf(doc), rules);
}

/**
 * Coalesces clear requests: at most one is in flight; requests made meanwhile become one more
 * after it settles (that one is sent even if the selection is gone by then — Chromium wrote the
 * text when it was made). So a mouse drag that changes the selection on every frame costs one
 * message per round trip, and the last write Chromium made is always followed by a clear.
 */
export function coalescedClear(send: () => Promise<unknown>): { request(): void; readonly sent: () => number } {
  let inFlight = false;
  let again = false;
  let count = 0;
  const fire = (): void => {
    inFlight = true;
    count++;
    const settle = () => {
      inFlight = false;
      if (!again) return;
      again = false;
      fire();
    };
    let reply: Promise<unknown>;
    try {
      reply = send();
    } catch {
      reply = Promise.resolve();
    }
    reply.then(settle, settle);
  };
  return {
    request: () => {
      if (inFlight) again = true;
      else fire();
    },
    sent: () => count,
  };
}
