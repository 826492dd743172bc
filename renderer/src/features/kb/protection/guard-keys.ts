import type { KbBlockedAttemptKind, KbBlockedVia } from '../../../../../electron/contract/kb-protection.ts';

/**
 * The keys the page guard looks at, as data (main's before-input-event has its own table,
 * electron/main/input-guard.ts; this one is the page's layer, and the only one in a browser).
 * Ctrl on Windows/Linux and Cmd on macOS both count as the primary modifier here: the page
 * does not trust `navigator.platform`, and blocking both costs nothing in the viewer.
 * A key matches by character (`key`) or by physical position (`code`), so another keyboard
 * layout cannot route around a rule.
 */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface KeyAttempt {
  attempt: KbBlockedAttemptKind;
  via: KbBlockedVia;
}

const letter = (e: KeyLike, l: string): boolean => e.key.toLowerCase() === l || e.code === `Key${l.toUpperCase()}`;

export function classifyKey(e: KeyLike): KeyAttempt | null {
  const primary = (e.ctrlKey || e.metaKey) && !e.altKey;
  if (primary && !e.shiftKey && letter(e, 'c')) return { attempt: 'copy', via: 'keyboard' };
  if (e.ctrlKey && !e.shiftKey && (e.key === 'Insert' || e.code === 'Insert')) return { attempt: 'copy', via: 'keyboard-insert' };
  if (primary && !e.shiftKey && letter(e, 'x')) return { attempt: 'cut', via: 'keyboard' };
  if (e.shiftKey && !e.ctrlKey && !e.metaKey && (e.key === 'Delete' || e.code === 'Delete')) return { attempt: 'cut', via: 'keyboard-delete' };
  if (primary && letter(e, 'a')) return { attempt: 'select-all', via: 'keyboard' };
  if (primary && letter(e, 'p')) return { attempt: 'print', via: 'keyboard' };
  if (primary && letter(e, 's')) return { attempt: 'save', via: 'keyboard' };
  if (e.key === 'ContextMenu' || e.code === 'ContextMenu' || (e.shiftKey && (e.key === 'F10' || e.code === 'F10'))) {
    return { attempt: 'context-menu', via: 'keyboard' };
  }
  return null;
}

/** Copy-out keys: allowed in the agent's own editable fields, blocked everywhere else. */
export const isCopyOutAttempt = (a: KeyAttempt): boolean => a.attempt === 'copy' || a.attempt === 'cut' || a.attempt === 'select-all';
