import type { Timers } from '../outbox/delivery.ts';
import type { LockCause } from './keeper.ts';

/**
 * The institution's idle-lock policy, enforced by core — not by the renderer, the least
 * trusted tier. Core keeps the timer; its inputs are
 *
 * - activity: input heartbeats the renderer reports (`activity.report`, throttled there);
 *   a renderer that never reports is locked at the policy time;
 * - the OS's own idle time (main's `powerMonitor.getSystemIdleTime`): the idle time that counts
 *   is the LONGER of the two, so heartbeats from a renderer that lies (compromised, or a script
 *   in it) cannot keep an unattended workstation unlocked. Where the OS cannot say (Wayland
 *   answers 0) this falls back to the heartbeats alone;
 * - the OS: suspend and the OS screen lock (main's `powerMonitor`) lock at once;
 * - activity holds: a feature that must not be cut off (an active call, an update being
 *   installed) takes a hold; while one is held the idle timer does not lock, and the
 *   operator gets a full idle period after the last hold is released. The OS still locks
 *   the screen at once: the lock covers the workspace, it never ends the call beneath.
 */
export interface IdleLock {
  /** The operator did something. */
  activity(): void;
  /** Keeps the idle timer from locking until the returned release is called (idempotent). */
  hold(reason: string): () => void;
  /** Suspend or OS screen lock: lock now. */
  osEvent(event: 'suspend' | 'os-lock'): void;
  /** A session became unlocked (login, unlock): its idle period starts now. */
  restart(): void;
  /** The policy changed: a shorter idle time that has already passed locks at once. */
  policyChanged(): void;
  /** The reasons of the holds now held, for diagnostics and tests. */
  holds(): string[];
  stop(): void;
}

export interface IdleLockOptions {
  /** The policy's idle time, read at each check so a pushed policy applies at once. */
  idleSeconds: () => number;
  /** True while an operator is signed in and the screen is not locked. */
  isUnlocked: () => boolean;
  lock: (cause: LockCause) => void;
  /** Seconds since the OS last saw input anywhere (absent: heartbeats only). */
  osIdleSeconds?: () => number;
  now?: () => number;
  timers?: Timers;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createIdleLock(o: IdleLockOptions): IdleLock {
  const now = o.now ?? Date.now;
  const osIdleMs = (): number => {
    try {
      const seconds = o.osIdleSeconds?.() ?? 0;
      return Number.isFinite(seconds) && seconds > 0 ? seconds * 1_000 : 0;
    } catch {
      return 0;
    }
  };
  const timers = o.timers ?? defaultTimers;
  const held = new Map<number, string>();
  let nextHoldId = 1;
  let lastActivity = now();
  let timer: unknown = null;
  let stopped = false;

  const lockNow = (cause: LockCause) => {
    if (!o.isUnlocked()) return;
    try {
      o.lock(cause);
    } catch {
      // Already locked or signed out between the check and the call: nothing to do.
    }
  };

  const schedule = (ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = stopped ? null : timers.setTimeout(check, Math.max(0, ms));
  };

  function check(): void {
    timer = null;
    const limitMs = o.idleSeconds() * 1_000;
    // While signed out, locked or held, just look again a period later: what ends any of
    // those (login, unlock, the last release) restarts the clock.
    if (!o.isUnlocked() || held.size > 0) return schedule(limitMs);
    const idleMs = Math.max(now() - lastActivity, osIdleMs());
    if (idleMs >= limitMs) {
      lastActivity = now();
      lockNow('idle');
      return schedule(limitMs);
    }
    schedule(limitMs - idleMs);
  }

  schedule(o.idleSeconds() * 1_000);

  return {
    activity() {
      lastActivity = now();
      // The pending check recomputes from the new stamp; a shorter pushed policy is picked
      // up at the next check, which is never later than the old deadline.
    },
    hold(reason) {
      const id = nextHoldId++;
      held.set(id, reason);
      return () => {
        if (!held.delete(id)) return;
        if (held.size === 0) {
          lastActivity = now();
          schedule(o.idleSeconds() * 1_000);
        }
      };
    },
    restart() {
      lastActivity = now();
      schedule(o.idleSeconds() * 1_000);
    },
    policyChanged() {
      schedule(0);
    },
    osEvent(event) {
      lockNow(event);
    },
    holds: () => [...held.values()],
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
