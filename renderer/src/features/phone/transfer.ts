import type { CallEnd } from './causes.ts';
import type { TransferProblem } from './engine.ts';

/**
 * Transfer outcomes in the agent's words. Pure: the engine hands in what JsSIP reported (the
 * REFER's own failure, or the status line of the NOTIFY that carries the transferee's call
 * to the target, RFC 3515), this says which message the agent reads. No import of the stack.
 */

/** The REFER itself was refused (405/403/489 …) or never answered: the customer never tried. */
export function referRefusedProblem(statusCode: number | null): TransferProblem {
  return statusCode === null ? 'transfer-failed' : 'transfer-rejected';
}

/** The NOTIFY said the transferee's INVITE to the target failed with `statusCode`. */
export function referOutcomeProblem(statusCode: number): TransferProblem {
  if (statusCode === 486 || statusCode === 600) return 'transfer-target-busy';
  if (statusCode === 603 || statusCode === 403) return 'transfer-rejected';
  if (statusCode === 404 || statusCode === 480 || statusCode === 408 || statusCode === 410 || statusCode === 487 || statusCode === 604) return 'transfer-target-unavailable';
  return 'transfer-failed';
}

/** A consultation call that never got answered tells the agent why, like a refused transfer. */
export function consultEndProblem(end: CallEnd, answered: boolean): TransferProblem | null {
  if (answered) return null;
  switch (end) {
    case 'local-hangup':
    case 'transferred':
      return null;
    case 'busy':
      return 'transfer-target-busy';
    case 'rejected':
    case 'declined':
      return 'transfer-rejected';
    case 'unavailable':
    case 'not-found':
    case 'no-answer':
    case 'invalid-number':
      return 'transfer-target-unavailable';
    default:
      return 'transfer-failed';
  }
}
