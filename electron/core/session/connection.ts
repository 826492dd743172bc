import type { ConnectionState } from '../../contract/channels.ts';
import { ApiFailure, isTransientStatus } from '../api/failure.ts';
import type { Timers } from '../outbox/delivery.ts';

/**
 * The institution connection the status bar shows. While an operator is signed in, the
 * push channel is the truth (it is the live link that carries revocations and policy).
 * Before sign-in and after sign-out there is no such link, so a light health probe tells
 * the agent whether the institution is reachable at all — otherwise the login screen
 * would say "offline" for a perfectly reachable institution.
 *
 * Neither the probe nor the push channel sees what the operator just saw, though: a login
 * that failed with "institution unreachable" while the bar still said "online" from a
 * probe 12 s earlier. So every institution request's outcome is evidence too
 * (`observed`, fed by `observeReachability` around the API client): the bar always agrees
 * with the last answer — or the missing answer — the desk got.
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
  /**
   * An institution request just got an answer (`true`) or none (`false`). Before sign-in it
   * counts as a probe (and the next probe is an interval from now); during a session an
   * unanswered request shows offline until the push channel or a later answer says more.
   */
  observed(reachable: boolean): void;
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
  // During a session: the push channel's last state, and whether a request failed since.
  let pushState: ConnectionState = 'connecting';
  let requestFailed = false;
  let stopped = false;
  let timer: unknown = null;
  // Bumped whenever probing is cancelled, so a probe answering late changes nothing.
  let round = 0;

  const set = (state: ConnectionState) => {
    if (state === current) return;
    current = state;
    o.onChange(state);
  };
  const showSession = () => set(requestFailed ? 'offline' : pushState);
  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    round += 1;
  };
  const scheduleProbe = () => {
    timer = timers.setTimeout(() => void probe(), o.intervalMs);
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
    scheduleProbe();
  };

  return {
    current: () => current,
    start() {
      if (stopped || inSession || timer !== null) return;
      cancel();
      void probe();
    },
    fromSession(state) {
      if (!inSession) return;
      // The push channel reporting a change is newer than any earlier request outcome.
      pushState = state;
      requestFailed = false;
      showSession();
    },
    sessionChanged(live, sessionState) {
      if (live === inSession || stopped) return;
      inSession = live;
      cancel();
      pushState = sessionState;
      requestFailed = false;
      if (live) set(sessionState);
      else void probe();
    },
    observed(reachable) {
      if (stopped) return;
      if (inSession) {
        // An answer does not prove the push link is up: it only clears a failed request.
        requestFailed = !reachable;
        return showSession();
      }
      // A probe already on the wire was sent before this outcome: its answer is older.
      cancel();
      set(reachable ? 'online' : 'offline');
      scheduleProbe();
    },
    stop() {
      stopped = true;
      cancel();
    },
  };
}

/** The client methods whose outcome says whether the institution answered (not the event stream: the push channel reports its own state, and aborts it on logout). */
const OBSERVED_METHODS = ['login', 'refresh', 'logout', 'reauthenticate', 'me', 'enrollWorkstation', 'sendAuditBatch', 'siteProfile'] as const;
type ObservedMethod = (typeof OBSERVED_METHODS)[number];

/**
 * What a request's outcome says about reachability: any resolved call, or an HTTP answer
 * of the institution itself (a login refused as invalid_credentials proves it is there),
 * is `true`; no answer (network, timeout), a gateway's 502/503/504, a failed certificate
 * pin or an unreadable answer is `false`, as for the health probe. Anything else (a
 * TypeError before any request was made) says nothing: `null`.
 */
export function reachabilityOf(error: unknown): boolean | null {
  if (!(error instanceof ApiFailure)) return null;
  return error.kind === 'http' && !isTransientStatus(error.status);
}

/**
 * Wraps the institution client so every observed call reports its outcome, unchanged.
 * Core builds the session, enrollment and audit delivery on the wrapped client; only the
 * health probe uses the bare one (it reports through the monitor already).
 */
export function observeReachability<C extends { [M in ObservedMethod]: (...args: never[]) => Promise<unknown> }>(
  client: C,
  observe: (reachable: boolean) => void,
): C {
  const wrapped: C = { ...client };
  for (const name of OBSERVED_METHODS) {
    const call = client[name] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<ObservedMethod, unknown>)[name] = (...args: unknown[]) =>
      call.apply(client, args).then(
        (value) => {
          observe(true);
          return value;
        },
        (error: unknown) => {
          const reachable = reachabilityOf(error);
          if (reachable !== null) observe(reachable);
          throw error;
        },
      );
  }
  return wrapped;
}
