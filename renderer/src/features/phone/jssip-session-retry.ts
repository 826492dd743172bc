import type { EngineCall } from './engine.ts';
import type { Leg, SipResponse } from './jssip-leg.ts';
import { stopSampling } from './jssip-media.ts';
import type { Calls } from './jssip-transfer.ts';
import { sessionRetryInterval, SESSION_TIMERS_EXPIRES_SECONDS } from './session-timers.ts';

export interface SessionTimers {
  expires: number;
  retried: boolean;
}

export const FIRST_DIAL: SessionTimers = { expires: SESSION_TIMERS_EXPIRES_SECONDS, retried: false };

type Dial = (number: string, asConsult: boolean, timers: SessionTimers) => boolean;

/**
 * The engine's answer to 422 Session Interval Too Small (JsSIP 3.13.8 has none): the outbound
 * leg that got it is replaced, at once, by a new INVITE with the far end's Min-SE
 * (`sessionRetryInterval` decides: once, within bounds) that fills the same slot and continues
 * the same EngineCall — same call id, same phase — so the store and the agent see one call.
 */
export function sessionRetry(calls: Calls, dial: Dial) {
  const dialled = new WeakMap<Leg, { number: string } & SessionTimers>();
  let continuing: EngineCall | null = null;
  return {
    /** ua.call made this leg for `number` with these timers. */
    dialled(leg: Leg, number: string, timers: SessionTimers): void {
      dialled.set(leg, { number, ...timers });
    },
    /** While re-dialling: the call the new session continues. */
    continuing: (): EngineCall | null => continuing,
    /** LegHost.retried: true when the leg was replaced by a new INVITE. */
    retried(leg: Leg, response: SipResponse | null): boolean {
      const plan = dialled.get(leg);
      if (!plan || !response) return false;
      const expires = sessionRetryInterval({ status: response.status, minSe: response.header('Min-SE'), asked: plan.expires, retried: plan.retried });
      if (expires === null) return false;
      const asConsult = leg === calls.consult;
      stopSampling(leg);
      leg.gate.dispose();
      if (asConsult) calls.consult = null;
      else calls.main = null;
      continuing = leg.call;
      try {
        if (dial(plan.number, asConsult, { expires, retried: true })) return true;
      } finally {
        continuing = null;
      }
      // Could not dial again (no longer registered): the call ends as the 422 ended it.
      if (asConsult) calls.consult = leg;
      else calls.main = leg;
      return false;
    },
  };
}
