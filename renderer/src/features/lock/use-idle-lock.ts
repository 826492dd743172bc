import { useEffect, useRef } from 'react';

/** What counts as the operator being at the keyboard. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

export interface IdleLockOptions {
  enabled: boolean;
  idleSeconds: number;
  onIdle: () => void;
  now: () => number;
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/**
 * Calls `onIdle` once `idleSeconds` pass without activity. Activity only stamps a time
 * (pointermove fires constantly); a single timer checks the stamp when the deadline
 * comes. A new `idleSeconds` (live policy change) is measured from the last activity,
 * so a shorter timeout that has already passed locks at once.
 */
export function useIdleLock({ enabled, idleSeconds, onIdle, now, target }: IdleLockOptions): void {
  const lastActivity = useRef(0);
  const onIdleRef = useRef(onIdle);
  const nowRef = useRef(now);
  useEffect(() => {
    onIdleRef.current = onIdle;
    nowRef.current = now;
  });

  // Declared before the timer effect: on (re-)enable the clock starts from "now".
  useEffect(() => {
    if (!enabled) return;
    lastActivity.current = nowRef.current();
    const stamp = () => {
      lastActivity.current = nowRef.current();
    };
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY_EVENTS) target.addEventListener(type, stamp, options);
    return () => {
      for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, stamp, options);
    };
  }, [enabled, target]);

  useEffect(() => {
    if (!enabled) return;
    const limitMs = idleSeconds * 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const idleMs = nowRef.current() - lastActivity.current;
      if (idleMs >= limitMs) {
        // Restart the wait so a failed lock is retried after another full period, not in a loop.
        lastActivity.current = nowRef.current();
        timer = setTimeout(check, limitMs);
        onIdleRef.current();
        return;
      }
      timer = setTimeout(check, limitMs - idleMs);
    };
    check();
    return () => clearTimeout(timer);
  }, [enabled, idleSeconds]);
}
