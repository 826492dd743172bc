import type { ConnectionState } from '../../contract/channels.ts';
import type { Timers } from '../outbox/delivery.ts';

/**
 * The institution connection the status bar shows. While an operator is signed in, the
 * push channel is the truth (it is the live link that carries revocations and policy).
 * Before sign-in and after sign-out there is no such link, so a light health probe tells
 * the agent whether the institution is reachable at all — otherwise the login screen
 * would say "offline" for a perfectly reachable institution.
 */
export interface ConnectionMonitorOptions {
  /** Resolves when the institution answers (GET /health); rejects otherwise. */
  check(): Promise<unknown>;
  /** Pause between probes while nobody is signed in. */
  intervalMs: number;
  timers?: Timers;
  onChange(state: ConnectionState): void;
}

export interface ConnectionMonitor {
  current(): ConnectionState;
  /** Starts probing (no-op while a session is live). */
  start(): void;
  /** The push channel's state; only counts while a session is live. */
  fromSession(state: ConnectionState): void;
  /** A session began (live) or ended; `sessionState` is the push channel's state now. */
  sessionChanged(live: boolean, sessionState: ConnectionState): void;
  stop(): void;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createConnectionMonitor(o: ConnectionMonitorOptions): ConnectionMonitor {
  const timers = o.timers ?? defaultTimers;
  let current: ConnectionState = 'connecting';
  let inSession = false;
  let stopped = false;
  let timer: unknown = null;
  // Bumped whenever probing is cancelled, so a probe answering late changes nothing.
  let round = 0;

  const set = (state: ConnectionState) => {
    if (state === current) return;
    current = state;
    o.onChange(state);
  };
  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    round += 1;
  };
  const probe = async (): Promise<void> => {
    timer = null;
    const mine = round;
    let reachable: boolean;
    try {
      await o.check();
      reachable = true;
    } catch {
      reachable = false;
    }
    if (stopped || inSession || mine !== round) return;
    set(reachable ? 'online' : 'offline');
    timer = timers.setTimeout(() => void probe(), o.intervalMs);
  };

  return {
    current: () => current,
    start() {
      if (stopped || inSession || timer !== null) return;
      cancel();
      void probe();
    },
    fromSession(state) {
      if (inSession) set(state);
    },
    sessionChanged(live, sessionState) {
      if (live === inSession || stopped) return;
      inSession = live;
      cancel();
      if (live) set(sessionState);
      else void probe();
    },
    stop() {
      stopped = true;
      cancel();
    },
  };
}
