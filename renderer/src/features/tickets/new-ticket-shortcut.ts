/**
 * "New ticket" in one keystroke from anywhere in the workspace: Ctrl+Alt+N, the same family
 * as the phone's shortcuts (features/phone/shortcuts.ts) and the lock (Ctrl+Alt+L). Matched
 * on `code` so the keyboard layout does not matter; it works from any field. Main's input
 * guard has no rule for N, so it reaches the page in Electron too.
 */
export const NEW_TICKET_SHORTCUT = { code: 'KeyN', label: 'Ctrl+Alt+N' } as const;

export function isNewTicketShortcut(event: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey' | 'code'>): boolean {
  return event.ctrlKey && event.altKey && !event.metaKey && !event.shiftKey && event.code === NEW_TICKET_SHORTCUT.code;
}

/** aria-keyshortcuts syntax ("Control+Alt+N"). */
export const NEW_TICKET_ARIA = NEW_TICKET_SHORTCUT.label.replace('Ctrl', 'Control');
