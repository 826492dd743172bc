import { describe, expect, it } from 'vitest';
import type { AuditData } from '../audit/chain.ts';
import { createPushRouter } from './router.ts';

const policy = { idleLockSeconds: 120, watermark: true };

function harness() {
  const audited: { type: string; actor: string | null; data: AuditData }[] = [];
  const logs: string[] = [];
  const router = createPushRouter({
    audit: { append: (type, actor, data) => (audited.push({ type, actor, data }), undefined as never) },
    actor: () => 'A1001',
    log: (m) => logs.push(m),
  });
  return { router, audited, logs };
}

describe('push router', () => {
  it('delivers each typed event to the domains registered for its kind, and only to them', () => {
    const { router, audited } = harness();
    const policies: unknown[] = [];
    const revoked: unknown[] = [];
    router.on('policy', (e) => policies.push(e.policy));
    router.on('session-revoked', (e) => revoked.push(e.reason));
    router.route({ type: 'policy', policy }, '1');
    router.route({ type: 'session-revoked', reason: 'operator-disabled' }, '2');
    expect(policies).toEqual([policy]);
    expect(revoked).toEqual(['operator-disabled']);
    expect(audited).toEqual([]);
  });

  it('audits and drops unknown kinds, malformed bodies and kinds nobody handles — by kind only, never data', () => {
    const { router, audited } = harness();
    const seen: unknown[] = [];
    router.on('policy', (e) => seen.push(e));
    router.route({ type: 'self-destruct', card: '6222021234567890' }, '7');
    router.route({ type: 'policy', policy: { idleLockSeconds: 0, watermark: true } }, '8');
    router.route({ type: 'policy', policy, extra: 'field' }, '9');
    router.route({ type: 'session-revoked', reason: 'operator-disabled' }, '10');
    router.route('plain text', null);
    router.route(null, null);
    router.route({ type: 42 }, 'x\ny');
    router.route({ type: '<script>'.repeat(20) }, null);
    expect(seen).toEqual([]);
    expect(audited.map((a) => [a.type, a.data])).toEqual([
      ['push.dropped', { reason: 'unknown-kind', kind: 'self-destruct', eventId: '7' }],
      ['push.dropped', { reason: 'malformed', kind: 'policy', eventId: '8' }],
      ['push.dropped', { reason: 'malformed', kind: 'policy', eventId: '9' }],
      ['push.dropped', { reason: 'unhandled', kind: 'session-revoked', eventId: '10' }],
      ['push.dropped', { reason: 'unknown-kind', kind: 'missing', eventId: null }],
      ['push.dropped', { reason: 'unknown-kind', kind: 'missing', eventId: null }],
      ['push.dropped', { reason: 'unknown-kind', kind: 'missing', eventId: 'x_y' }],
      ['push.dropped', { reason: 'unknown-kind', kind: '_script_'.repeat(8), eventId: null }],
    ]);
    expect(JSON.stringify(audited)).not.toContain('6222');
  });

  it('keeps routing after a subscriber throws, and the other subscribers still hear the event', () => {
    const { router, logs } = harness();
    const heard: number[] = [];
    router.on('policy', () => {
      throw new RangeError('subscriber bug');
    });
    router.on('policy', (e) => heard.push(e.policy.idleLockSeconds));
    router.route({ type: 'policy', policy }, '1');
    router.route({ type: 'policy', policy: { ...policy, idleLockSeconds: 60 } }, '2');
    expect(heard).toEqual([120, 60]);
    expect(logs).toEqual(['push policy: subscriber failed with RangeError', 'push policy: subscriber failed with RangeError']);
  });

  it('stops delivering to a domain once it unsubscribes; refuses to register an unknown kind', () => {
    const { router } = harness();
    const heard: unknown[] = [];
    const off = router.on('policy', (e) => heard.push(e));
    off();
    router.route({ type: 'policy', policy }, '1');
    expect(heard).toEqual([]);
    expect(() => router.on('nope' as 'policy', () => undefined)).toThrow(TypeError);
  });
});

describe('the session domains on the router', () => {
  it('policy → policy engine, revocation → session, a closed surplus stream → audit', async () => {
    const { routeSessionPushes } = await import('./session-domains.ts');
    const { router, audited } = harness();
    const applied: unknown[] = [];
    const revoked: string[] = [];
    routeSessionPushes(router, {
      policy: { apply: (p) => (applied.push(p), true) },
      session: { revoke: (r) => void revoked.push(r), operatorId: () => 'A1001' },
      audit: { append: (type, actor, data) => (audited.push({ type, actor, data }), undefined as never) },
    });
    router.route({ type: 'policy', policy }, '1');
    router.route({ type: 'session-revoked', reason: 'logged-out-remotely' }, '2');
    router.route({ type: 'stream-closed', reason: 'stream-limit' }, '3');
    expect(applied).toEqual([policy]);
    expect(revoked).toEqual(['logged-out-remotely']);
    expect(audited).toEqual([{ type: 'session.stream-closed', actor: 'A1001', data: { reason: 'stream-limit' } }]);
  });
});
