import type { ActivityHold, ActivityHoldArgs } from '../../../../electron/contract/schemas.ts';
import type { DeskResult } from '../../../../electron/contract/errors.ts';

/** The desk's activity holds (channels.ts: activity.hold, activity.release); `desk.activity` is one. */
export interface ActivityBridge {
  hold(args: ActivityHoldArgs): Promise<DeskResult<ActivityHold>>;
  release(args: ActivityHold): Promise<DeskResult<null>>;
}

export interface CallHold {
  /** Whether a call rings or runs now; the hold follows, one bridge call at a time. */
  sync(inCall: boolean): void;
}

async function settle<T>(call: () => Promise<DeskResult<T>>): Promise<DeskResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: 'internal' } };
  }
}

/**
 * Keeps core's idle lock off while a call rings, is dialled or runs: takes one activity
 * hold when the call starts and releases it when the call ends, whatever the path (hang
 * up, decline, remote bye, failure, the phone stopped at sign-out). Bridge calls run one
 * at a time; a call that ends before its hold was granted releases it as soon as it is.
 * A refused hold is not retried during that call (core says why: too many, signed out);
 * core releases every hold of the session at logout, so none outlives the operator.
 */
export function createCallHold(bridge: ActivityBridge): CallHold {
  let wanted = false;
  let holdId: string | null = null;
  let busy = false;
  let refused = false;

  const reconcile = async (): Promise<void> => {
    if (busy) return;
    if (wanted && holdId === null && !refused) {
      busy = true;
      const result = await settle(() => bridge.hold({ reason: 'call' }));
      busy = false;
      if (result.ok) holdId = result.value.holdId;
      else refused = true;
      return reconcile();
    }
    if (!wanted && holdId !== null) {
      const id = holdId;
      busy = true;
      // Whatever core answers, this hold is done with (an unknown id means core dropped it already).
      await settle(() => bridge.release({ holdId: id }));
      holdId = null;
      busy = false;
      return reconcile();
    }
  };

  return {
    sync(inCall) {
      if (inCall === wanted) return;
      wanted = inCall;
      if (!inCall) refused = false;
      void reconcile();
    },
  };
}
