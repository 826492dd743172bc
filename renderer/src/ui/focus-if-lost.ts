/**
 * After an action, the focus goes to `target` if it was lost meanwhile: a button disabled while
 * the action runs (busy) loses the focus to <body> in Chromium, and a keyboard user would start
 * again from the top of the page. Wherever else the user has moved it in the meantime, it stays.
 */
export function focusIfLost(target: HTMLElement | null): void {
  const active = document.activeElement;
  if (active === null || active === document.body) target?.focus();
}
