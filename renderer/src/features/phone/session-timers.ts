/**
 * RFC 4028 session timers, as every call of ours asks for them (JsSIP's `sessionTimersExpires`).
 *
 * What JsSIP 3.13.8 does (read in its RTCSession.js, checked against SIPp in the lab): it sends
 * `Session-Expires: <this>` on INVITE (no Min-SE header), refreshes at half the interval when it
 * is the refresher, and accepts an incoming Session-Expires of 60 s or more. It never retries a
 * 422 Session Interval Too Small: the call simply fails. Its default, 90 s, is below FreeSWITCH's
 * default minimum (120 s), so such a gateway would refuse every call.
 *
 * 1800 s is RFC 4028's recommended value and at or above the Min-SE of Kamailio, Asterisk (90)
 * and FreeSWITCH (120) defaults, so those never answer 422. A far end that demands more answers
 * 422 with its Min-SE: the engine dials once more with that interval (`sessionRetryInterval`
 * decides), within MAX_SESSION_EXPIRES_SECONDS. Dead calls are not found by session timers on
 * our side: the WebSocket and the media sampling notice them long before.
 */
export const SESSION_TIMERS_EXPIRES_SECONDS = 1800;

/**
 * The longest interval a retry accepts (2 h). A far end demanding more is not a gateway we want
 * to keep a call state with for that long without refresh; the call fails and says why.
 */
export const MAX_SESSION_EXPIRES_SECONDS = 7200;

/** RFC 4028 §4: Min-SE is never below 90 s. */
const MIN_SESSION_EXPIRES_SECONDS = 90;

/** `Min-SE: delta-seconds *(;generic-param)`; anything else is null. */
export function parseMinSe(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d{1,10})\s*(?:;.*)?$/.exec(value);
  if (!match) return null;
  const seconds = Number(match[1]);
  return Number.isSafeInteger(seconds) ? seconds : null;
}

export interface FailedInvite {
  /** The final response's status code (undefined when the call failed without one). */
  status: number | undefined;
  /** The response's Min-SE header, raw. */
  minSe: string | null | undefined;
  /** The Session-Expires this INVITE asked for. */
  asked: number;
  /** This INVITE already was the retry. */
  retried: boolean;
}

/**
 * The Session-Expires to dial again with after a failed INVITE, or null when the failure stands:
 * only a 422 with a parsable Min-SE above what we asked, at most MAX_SESSION_EXPIRES_SECONDS,
 * and only once per call (a far end that answers 422 again is not negotiating).
 */
export function sessionRetryInterval(failed: FailedInvite): number | null {
  if (failed.status !== 422 || failed.retried) return null;
  const minSe = parseMinSe(failed.minSe);
  if (minSe === null || minSe <= failed.asked || minSe > MAX_SESSION_EXPIRES_SECONDS) return null;
  return Math.max(minSe, MIN_SESSION_EXPIRES_SECONDS);
}
