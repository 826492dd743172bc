import type { PolicyEngine } from '../policy/engine.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import type { PushRouter } from './router.ts';

/**
 * The push kinds the foundation handles: a pushed policy goes to the policy engine, a
 * revoked session ends the operator's session. Returns the unsubscribers.
 */
export function routeSessionPushes(
  router: PushRouter,
  d: { session: Pick<SessionKeeper, 'revoke'>; policy: Pick<PolicyEngine, 'apply'> },
): (() => void)[] {
  return [
    router.on('policy', (e) => d.policy.apply(e.policy, 'push')),
    router.on('session-revoked', (e) => d.session.revoke(e.reason)),
  ];
}
