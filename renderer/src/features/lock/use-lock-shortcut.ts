import { useEffect, useRef } from 'react';

/** Ctrl+Alt+L locks the screen, as on most desktops. `code` keeps it layout-independent. */
export function isLockShortcut(event: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey' | 'code'>): boolean {
  return event.ctrlKey && event.altKey && !event.metaKey && !event.shiftKey && event.code === 'KeyL';
}

export function useLockShortcut(enabled: boolean, onLock: () => void, target: Pick<Window, 'addEventListener' | 'removeEventListener'>): void {
  const onLockRef = useRef(onLock);
  useEffect(() => {
    onLockRef.current = onLock;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isLockShortcut(event)) return;
      event.preventDefault();
      onLockRef.current();
    };
    target.addEventListener('keydown', onKeyDown);
    return () => target.removeEventListener('keydown', onKeyDown);
  }, [enabled, target]);
}
