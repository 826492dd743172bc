import type { AuditChain } from '../audit/chain.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import type { PushRouter } from './router.ts';

/**
 * The push kinds the foundation handles: a pushed policy goes to the policy engine, a
 * revoked session ends the operator's session, and a stream the institution closed because
 * the session opened too many is audited — one desk holds one stream per session, so more
 * mean someone else is using this session's token. Returns the unsubscribers.
 */
export function routeSessionPushes(
  router: PushRouter,
  d: {
    session: Pick<SessionKeeper, 'revoke' | 'operatorId'>;
    policy: Pick<PolicyEngine, 'apply'>;
    audit: Pick<AuditChain, 'append'>;
  },
): (() => void)[] {
  return [
    router.on('policy', (e) => d.policy.apply(e.policy, 'push')),
    router.on('session-revoked', (e) => d.session.revoke(e.reason)),
    router.on('stream-closed', (e) => d.audit.append('session.stream-closed', d.session.operatorId(), { reason: e.reason })),
  ];
}
