import type { InvokeRequest, InvokeResponse } from '../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../electron/contract/errors.ts';

/** Core's bound (electron/core/session/renderer-holds.ts MAX_RENDERER_HOLDS). */
const MAX_HOLDS = 4;

/**
 * The `activity.hold` / `activity.release` half of the fake desk (fake-desk.ts),
 * following core's renderer holds: at most four open (`too_many_holds`), an unknown id is
 * `bad_request`, and all are dropped when the session ends.
 */
export interface FakeActivityHolds {
  handlers: {
    'activity.hold': (p: InvokeRequest<'activity.hold'>) => DeskResult<InvokeResponse<'activity.hold'>>;
    'activity.release': (p: InvokeRequest<'activity.release'>) => DeskResult<InvokeResponse<'activity.release'>>;
  };
  /** The reasons of the open holds, in the order taken. */
  open(): string[];
  releaseAll(): void;
}

export function createFakeActivityHolds(): FakeActivityHolds {
  const held = new Map<string, string>();
  let next = 1;
  return {
    handlers: {
      'activity.hold': ({ reason }) => {
        if (held.size >= MAX_HOLDS) return { ok: false, error: { code: 'too_many_holds' } };
        const holdId = `fake-hold-${next++}`;
        held.set(holdId, reason);
        return { ok: true, value: { holdId } };
      },
      'activity.release': ({ holdId }) => (held.delete(holdId) ? { ok: true, value: null } : { ok: false, error: { code: 'bad_request' } }),
    },
    open: () => [...held.values()],
    releaseAll: () => held.clear(),
  };
}
