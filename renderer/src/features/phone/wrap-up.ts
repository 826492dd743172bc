/**
 * Wrap-up (话后整理) after an answered call, as a pure state machine over a clock the caller
 * passes in. The policy's `wrapUpSeconds` (PhoneCodes) runs from the call's end; the agent
 * finishes it by choosing one of the institution's dispositions — early, on time or late —
 * and may extend it once by the same time.
 *
 * When the time runs out without a disposition the desk does not go Ready by itself: the
 * institution's rule is that wrap-up needs a disposition, so the agent stays in wrap-up,
 * shown as overdue (超时), until they choose one. The record says the wrap-up was overdue.
 */
export interface WrapUp {
  callId: string;
  startedAt: number;
  /** When the (possibly extended) time runs out. */
  deadline: number;
  /** The policy's time, in ms; also what one extension adds. */
  periodMs: number;
  extended: boolean;
  /** What the agent picked in the list so far (not yet finished). */
  disposition: string | null;
}

export type WrapUpProblem = 'disposition-required' | 'disposition-unknown' | 'already-extended';

export interface FinishedWrapUp {
  callId: string;
  /** Null only when the institution has no dispositions at all (then none can be required). */
  disposition: string | null;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  extended: boolean;
  /** Finished after the deadline. */
  overdue: boolean;
}

export function startWrapUp(callId: string, now: number, wrapUpSeconds: number): WrapUp {
  const periodMs = Math.max(0, Math.round(wrapUpSeconds)) * 1000;
  return { callId, startedAt: now, deadline: now + periodMs, periodMs, extended: false, disposition: null };
}

export function remainingMs(w: WrapUp, now: number): number {
  return Math.max(0, w.deadline - now);
}

export function isOverdue(w: WrapUp, now: number): boolean {
  return now >= w.deadline;
}

export function chooseDisposition(w: WrapUp, disposition: string | null): WrapUp {
  return { ...w, disposition };
}

/**
 * Once per wrap-up, by the policy's time, from the deadline — or from now when it has
 * already passed, so a late extension still gives the full time.
 */
export function extendWrapUp(w: WrapUp, now: number): { ok: true; wrapUp: WrapUp } | { ok: false; problem: WrapUpProblem } {
  if (w.extended) return { ok: false, problem: 'already-extended' };
  return { ok: true, wrapUp: { ...w, extended: true, deadline: Math.max(w.deadline, now) + w.periodMs } };
}

/**
 * Finishes with the chosen disposition (or the one passed), which must be one of the
 * institution's. An institution with no dispositions (or whose list could not be fetched)
 * cannot demand one: the agent must not be stuck in wrap-up for ever, so it finishes without.
 */
export function finishWrapUp(
  w: WrapUp,
  now: number,
  dispositions: readonly string[],
  disposition: string | null = w.disposition,
): { ok: true; finished: FinishedWrapUp } | { ok: false; problem: WrapUpProblem } {
  const none = disposition === null || disposition === '';
  if (dispositions.length > 0 && none) return { ok: false, problem: 'disposition-required' };
  if (!none && !dispositions.includes(disposition)) return { ok: false, problem: 'disposition-unknown' };
  const endedAt = Math.max(now, w.startedAt);
  return {
    ok: true,
    finished: {
      callId: w.callId,
      disposition: none ? null : disposition,
      startedAt: w.startedAt,
      endedAt,
      durationMs: endedAt - w.startedAt,
      extended: w.extended,
      overdue: endedAt > w.deadline,
    },
  };
}
