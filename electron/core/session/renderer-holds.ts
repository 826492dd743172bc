import { randomUUID } from 'node:crypto';
import { DeskFailure } from '../../contract/errors.ts';
import type { ActivityHoldArgs } from '../../contract/schemas.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { IdleLock } from './idle-lock.ts';

/** At most this many renderer holds are open at once (a call and a transfer leg need two). */
export const MAX_RENDERER_HOLDS = 4;

export type HoldReason = ActivityHoldArgs['reason'];

/**
 * The renderer's activity holds (`activity.hold` / `activity.release`): the phone takes
 * one while a call rings or runs, so the idle lock never locks the screen from under it.
 * Core keeps them by id, bounded, each take and release in the audit chain. An OS lock
 * still locks at once and the holds stay (the call goes on under the lock); when the
 * session ends or the renderer is gone, `releaseAll` drops them, so a hold can never
 * outlive the page or the operator that took it.
 */
export interface RendererHolds {
  take(reason: HoldReason): string;
  /** Unknown (or already released) id → bad_request. */
  release(holdId: string): void;
  releaseAll(cause: 'session-ended' | 'renderer-gone'): void;
  /** Open hold ids, for tests and diagnostics. */
  open(): string[];
}

export interface RendererHoldsOptions {
  idle: Pick<IdleLock, 'hold'>;
  audit: Pick<AuditChain, 'append'>;
  operatorId: () => string | null;
  newId?: () => string;
}

export function createRendererHolds(o: RendererHoldsOptions): RendererHolds {
  const newId = o.newId ?? randomUUID;
  // The operator who took each hold: a release at logout comes after the session is gone.
  const held = new Map<string, { reason: HoldReason; actor: string | null; release: () => void }>();
  const drop = (holdId: string, cause: string) => {
    const hold = held.get(holdId);
    if (!hold) return false;
    held.delete(holdId);
    hold.release();
    o.audit.append('activity.released', hold.actor, { reason: hold.reason, holdId, cause });
    return true;
  };
  return {
    take(reason) {
      if (held.size >= MAX_RENDERER_HOLDS) throw new DeskFailure('too_many_holds', `${held.size} renderer holds open`);
      const holdId = newId();
      const actor = o.operatorId();
      held.set(holdId, { reason, actor, release: o.idle.hold(`renderer:${reason}`) });
      o.audit.append('activity.hold', actor, { reason, holdId });
      return holdId;
    },
    release(holdId) {
      if (!drop(holdId, 'released')) throw new DeskFailure('bad_request', 'unknown activity hold');
    },
    releaseAll(cause) {
      for (const holdId of [...held.keys()]) drop(holdId, cause);
    },
    open: () => [...held.keys()],
  };
}
