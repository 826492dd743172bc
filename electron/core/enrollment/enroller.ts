import type { EnrollmentState } from '../../contract/channels.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import { backoffDelay } from '../net/backoff.ts';
import type { Timers } from '../outbox/delivery.ts';

/**
 * Enrolls this workstation's audit key with the institution, once, at start-up: IT
 * registered the workstation and put the one-time enrollment code in its configuration.
 * No operator is involved (an operator's session must not be able to decide which key
 * speaks for a workstation). Network trouble is retried with backoff for as long as the
 * app runs; a refusal (403: bad, used or expired code, unregistered id; 409: another key
 * is enrolled; 400: malformed) is final for this run and shown as `refused`, because only
 * IT can fix it. The next start tries again, with whatever code the config holds then.
 */
export interface EnrollmentRecord {
  /** True once this workstation id + key was enrolled (kept across restarts). */
  isEnrolled(): boolean;
  markEnrolled(): void;
}

export interface EnrollerOptions {
  client: Pick<InstitutionClient, 'enrollWorkstation'>;
  workstationId: string;
  publicKeySpkiBase64: string;
  /** From the workstation config. A secret until spent: never logged, never sent anywhere else. */
  enrollmentCode?: string | undefined;
  record: EnrollmentRecord;
  timers?: Timers;
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
  /** Called once, when the institution has accepted the key. */
  onEnrolled?: () => void;
  /** Every change of state (pending → enrolled or refused), so the UI hears it without polling. */
  onStateChanged?: (state: EnrollmentState) => void;
  /** Failure kinds and statuses only. */
  log?: (message: string) => void;
}

export interface Enroller {
  state(): EnrollmentState;
  /** Starts enrolling in the background when not enrolled yet. */
  start(): void;
  /**
   * While pending: tries now (or joins the attempt on the wire) and resolves with the state
   * after it, so a login right after start-up does not race the enrollment. Never rejects.
   */
  attemptNow(): Promise<EnrollmentState>;
  /** Stops retrying; a late answer is ignored (the next start asks again: same key → 200). */
  stop(): void;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Answers that will not change by asking again. */
function isRefusal(e: unknown): e is ApiFailure {
  return e instanceof ApiFailure && e.kind === 'http' && (e.status === 400 || e.status === 403 || e.status === 409);
}

function failureLabel(e: unknown): string {
  if (e instanceof ApiFailure) return e.status === null ? e.kind : `${e.kind} ${e.status}`;
  return e instanceof Error ? e.name : 'unknown';
}

export function createEnroller(o: EnrollerOptions): Enroller {
  const timers = o.timers ?? defaultTimers;
  const backoff = { ...(o.backoff ?? { initialMs: 1_000, maxMs: 60_000 }), random: o.random ?? Math.random };
  const log = o.log ?? (() => undefined);
  let state: EnrollmentState = o.record.isEnrolled() ? 'enrolled' : 'pending';
  let started = false;
  let stopped = false;
  let failures = 0;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;

  const clearTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const retryLater = () => {
    const delay = backoffDelay(failures, backoff);
    failures += 1;
    clearTimer();
    timer = timers.setTimeout(() => {
      timer = null;
      void attempt();
    }, delay);
  };

  const run = async (): Promise<void> => {
    clearTimer();
    try {
      await o.client.enrollWorkstation({
        workstationId: o.workstationId,
        publicKey: o.publicKeySpkiBase64,
        ...(o.enrollmentCode === undefined ? {} : { enrollmentCode: o.enrollmentCode }),
      });
      if (stopped) return;
      o.record.markEnrolled();
    } catch (e) {
      if (stopped) return;
      if (isRefusal(e)) {
        state = 'refused';
        o.onStateChanged?.(state);
        log(`enrollment refused by the institution (${failureLabel(e)}); IT must register this workstation again`);
        return;
      }
      log(`enrollment failed (${failureLabel(e)}); will retry`);
      retryLater();
      return;
    }
    state = 'enrolled';
    o.onEnrolled?.();
    o.onStateChanged?.(state);
  };

  const attempt = (): Promise<void> => {
    if (stopped || state !== 'pending') return Promise.resolve();
    inFlight ??= run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  return {
    state: () => state,
    start() {
      if (started || stopped) return;
      started = true;
      void attempt();
    },
    async attemptNow() {
      await attempt();
      return state;
    },
    stop() {
      stopped = true;
      clearTimer();
    },
  };
}
