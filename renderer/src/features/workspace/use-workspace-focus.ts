import { useCallback, useEffect, useRef, type FocusEvent, type RefObject } from 'react';

/**
 * Where the keyboard focus goes in the workspace, so it never ends up on `<body>`:
 *
 * - after sign-in (the first time the workspace shows an area): the area's main heading
 *   (an `h1` with tabIndex -1), or its first control when it has no heading;
 * - after unlock: back to the element the operator was on when the screen locked, when it
 *   is still there; otherwise the heading, as after sign-in.
 *
 * The element is followed with focus events rather than read at lock time, because the
 * browser takes the focus away as soon as the workspace turns inert.
 */
export function useWorkspaceFocus({
  rootRef,
  mainRef,
  locked,
  areaShown,
}: {
  rootRef: RefObject<HTMLElement | null>;
  mainRef: RefObject<HTMLElement | null>;
  locked: boolean;
  areaShown: string | null;
}) {
  const last = useRef<HTMLElement | null>(null);
  const landed = useRef(false);
  const wasLocked = useRef(locked);

  const focusLanding = useCallback(() => {
    const main = mainRef.current;
    if (!main) return;
    const target = main.querySelector<HTMLElement>('h1[tabindex]') ?? main.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
  }, [mainRef]);

  useEffect(() => {
    if (locked) {
      wasLocked.current = true;
      return;
    }
    if (areaShown === null) return;
    if (!landed.current) {
      landed.current = true;
      wasLocked.current = false;
      focusLanding();
      return;
    }
    if (!wasLocked.current) return;
    wasLocked.current = false;
    const previous = last.current;
    if (previous && previous.isConnected && rootRef.current?.contains(previous)) previous.focus();
    if (document.activeElement !== previous || previous === null) focusLanding();
  }, [locked, areaShown, focusLanding, rootRef]);

  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    last.current = event.target;
  }, []);

  // Focus that leaves for nowhere (a click on an empty spot) forgets the element; the blur
  // that locking causes (the workspace is inert by then) or a switch to another window does not.
  const onBlur = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      const root = rootRef.current;
      if (event.relatedTarget === null && root && !root.hasAttribute('inert') && document.hasFocus()) last.current = null;
    },
    [rootRef],
  );

  return { onFocus, onBlur };
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
