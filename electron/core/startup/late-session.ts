import type { SessionState } from '../../contract/channels.ts';
import type { SessionKeeper } from '../session/keeper.ts';

/**
 * The session keeper as seen by the parts built before it exists (call records, tickets,
 * the audit actor): the keeper needs them wired first, they need the signed-in operator.
 * Until `attach` runs there is nobody signed in.
 */
export interface LateSession {
  attach(keeper: SessionKeeper): void;
  /** The keeper, or null while it is still being built. */
  current(): SessionKeeper | null;
  operatorId(): string | null;
  state(): SessionState;
  withAccessToken: SessionKeeper['withAccessToken'];
}

export function createLateSession(): LateSession {
  let keeper: SessionKeeper | null = null;
  return {
    attach: (k) => {
      keeper = k;
    },
    current: () => keeper,
    operatorId: () => keeper?.operatorId() ?? null,
    state: () => keeper?.state() ?? { status: 'logged-out', reason: null },
    withAccessToken: (call, opts) => (keeper === null ? Promise.reject(new TypeError('no session keeper')) : keeper.withAccessToken(call, opts)),
  };
}
