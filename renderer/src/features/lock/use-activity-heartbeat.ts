import { useEffect, useRef } from 'react';

/** What counts as the operator being at the keyboard. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/** Heartbeats go at most this often, however short the policy (pointermove fires constantly). */
export const MIN_HEARTBEAT_MS = 1_000;
/** ...and at least this often while there is input, however long the policy. */
export const MAX_HEARTBEAT_MS = 15_000;

/**
 * How far apart heartbeats may be for an idle time: a third of it (so core hears of
 * ongoing input well within every idle period), between MIN and MAX_HEARTBEAT_MS.
 */
export function heartbeatIntervalMs(idleSeconds: number): number {
  return Math.min(MAX_HEARTBEAT_MS, Math.max(MIN_HEARTBEAT_MS, Math.floor((idleSeconds * 1_000) / 3)));
}

export interface ActivityHeartbeatOptions {
  /** True only while a session is active (not locked, not signed out). */
  enabled: boolean;
  idleSeconds: number;
  /** Tells core the operator did something (`desk.activity.report`). */
  report: () => void;
  now: () => number;
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/**
 * The idle lock is core's decision (electron/core/session/idle-lock.ts): the renderer,
 * the least trusted tier, only tells core that the operator is there. Input is reported
 * at once when no heartbeat went out for an interval, and otherwise once at the end of
 * the interval (a trailing heartbeat): so core never hears of the last input before an
 * idle stretch more than an interval late, and it never locks someone still typing.
 * Nothing is reported while locked or signed out; the lock screen itself follows the
 * `session.changed` event.
 */
export function useActivityHeartbeat({ enabled, idleSeconds, report, now, target }: ActivityHeartbeatOptions): void {
  const reportRef = useRef(report);
  const nowRef = useRef(now);
  useEffect(() => {
    reportRef.current = report;
    nowRef.current = now;
  });

  useEffect(() => {
    if (!enabled) return;
    const intervalMs = heartbeatIntervalMs(idleSeconds);
    // Core restarts its idle clock when the session becomes active (login, unlock): count
    // that as the last heartbeat, so an unlock is not followed by a redundant report.
    let lastSent = nowRef.current();
    let trailing: ReturnType<typeof setTimeout> | undefined;
    const send = () => {
      trailing = undefined;
      lastSent = nowRef.current();
      reportRef.current();
    };
    const onActivity = () => {
      if (trailing !== undefined) return;
      const wait = lastSent + intervalMs - nowRef.current();
      if (wait <= 0) send();
      else trailing = setTimeout(send, wait);
    };
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onActivity, options);
    return () => {
      for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onActivity, options);
      clearTimeout(trailing);
    };
  }, [enabled, idleSeconds, target]);
}
