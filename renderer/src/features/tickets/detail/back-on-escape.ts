import type { KeyboardEvent } from 'react';

/** Esc goes back to the list, unless it belongs to a field (a reveal's reason, a comment: they use it themselves). */
export function backOnEscape(event: KeyboardEvent<HTMLElement>, back: () => void): void {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  const target = event.target as HTMLElement;
  if (target.closest('input, textarea, select') !== null) return;
  event.preventDefault();
  back();
}
