/**
 * The SIP stack's end and failure causes (JsSIP's `C.causes` strings, which are part of its
 * public API) mapped to what the agent is told. Only the words matter here, so this file
 * needs no import of the stack.
 */
export type RegistrationProblem =
  | 'network'
  | 'rejected'
  | 'auth'
  | 'timeout'
  | 'server'
  | 'credentials'
  | 'not-configured'
  | 'not-permitted'
  /** The phone's SIP stack (a chunk of its own, lazy-engine.ts) did not load: a damaged installation. */
  | 'engine-unavailable';

export function registrationProblemOf(cause: string | undefined, statusCode: number | undefined): RegistrationProblem {
  if (statusCode === 401 || statusCode === 407) return 'auth';
  if (statusCode === 403) return 'rejected';
  if (statusCode === 408 || cause === 'Request Timeout') return 'timeout';
  if (cause === 'Connection Error') return 'network';
  if (cause === 'Rejected') return 'rejected';
  if (cause === 'Authentication Error') return 'auth';
  return 'server';
}

export type CallEnd =
  | 'local-hangup'
  | 'remote-hangup'
  | 'declined'
  | 'canceled'
  | 'busy'
  | 'rejected'
  | 'unavailable'
  | 'not-found'
  | 'no-answer'
  | 'invalid-number'
  | 'media-failed'
  | 'microphone-denied'
  | 'network'
  | 'hold-failed'
  | 'ice-timeout'
  /** The far end answered 422 with a Min-SE beyond what we retry with (session-timers.ts). */
  | 'session-interval'
  /** The SBC gave up ringing us (ring-no-answer): its CANCEL said so (isRingTimeoutReason). */
  | 'unanswered'
  /** We handed the call over (blind or attended transfer) and left. */
  | 'transferred'
  | 'failed';

/**
 * `originator` is who ended it (local, remote, system); `answered` whether the call had
 * been answered. JsSIP reports a normal BYE as 'Terminated' and our own reject/cancel as
 * 'Rejected'/'Canceled' with originator local.
 */
export function callEndOf(cause: string, originator: string, answered: boolean): CallEnd {
  switch (cause) {
    case 'Terminated':
      return originator === 'local' ? 'local-hangup' : 'remote-hangup';
    case 'Canceled':
      return originator === 'local' ? 'local-hangup' : 'canceled';
    case 'Rejected':
      return originator === 'local' ? 'declined' : 'rejected';
    case 'Busy':
      return 'busy';
    case 'Unavailable':
      return 'unavailable';
    case 'Not Found':
      return 'not-found';
    case 'Address Incomplete':
      return 'invalid-number';
    case 'No Answer':
    case 'Expires':
      return 'no-answer';
    case 'User Denied Media Access':
      return 'microphone-denied';
    case 'Incompatible SDP':
    case 'Missing SDP':
    case 'Bad Media Description':
    case 'WebRTC Error':
    case 'RTP Timeout':
      return 'media-failed';
    case 'Connection Error':
    case 'Request Timeout':
    case 'No ACK':
    case 'Dialog Error':
      return 'network';
    default:
      return answered && originator === 'remote' ? 'remote-hangup' : 'failed';
  }
}

/**
 * The not-ready reason the institution provides for ring-no-answer; the desk goes 示忙 with it
 * when a ring times out (only if the institution lists it).
 */
export const RONA_REASON_CODE = 'rona';

/**
 * A CANCEL's Reason header (RFC 3326) says the SBC timed the ring out: `SIP;cause=480`, what the
 * lab's queue sends (e2e/lab/kamailio/queue.cfg.tmpl). A caller's CANCEL has none, or its own
 * (e.g. Q.850), so the agent stays as they were.
 */
export function isRingTimeoutReason(reason: string | null): boolean {
  return reason !== null && /^\s*SIP\s*;(?:.*;)?\s*cause\s*=\s*480(?:\s*;|\s*$)/i.test(reason);
}
