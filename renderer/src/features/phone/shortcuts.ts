/**
 * The phone's keyboard shortcuts (listed in the panel). Ctrl+Alt like the lock shortcut
 * (Ctrl+Alt+L), matched on `code` so they do not depend on the keyboard layout, and they
 * work from any field — the number field included.
 */
export type PhoneShortcut = 'answer' | 'hangup' | 'hold' | 'mute' | 'transfer';

export const SHORTCUT_KEYS: Readonly<Record<PhoneShortcut, { code: string; label: string }>> = {
  answer: { code: 'KeyA', label: 'Ctrl+Alt+A' },
  hangup: { code: 'KeyX', label: 'Ctrl+Alt+X' },
  hold: { code: 'KeyH', label: 'Ctrl+Alt+H' },
  mute: { code: 'KeyM', label: 'Ctrl+Alt+M' },
  /** Moves focus to the transfer target field (during an answered call). */
  transfer: { code: 'KeyT', label: 'Ctrl+Alt+T' },
};

export function shortcutOf(event: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey' | 'code'>): PhoneShortcut | null {
  if (!event.ctrlKey || !event.altKey || event.metaKey || event.shiftKey) return null;
  for (const [name, key] of Object.entries(SHORTCUT_KEYS) as [PhoneShortcut, { code: string }][]) {
    if (key.code === event.code) return name;
  }
  return null;
}

/** aria-keyshortcuts syntax for a shortcut ("Control+Alt+A"). */
export function ariaShortcut(name: PhoneShortcut): string {
  return SHORTCUT_KEYS[name].label.replace('Ctrl', 'Control');
}
