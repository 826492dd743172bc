import { createKbDomain } from '../kb/kb-domain.ts';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type SessionState } from '../../contract/channels.ts';
import type { TicketHandlers } from '../tickets/ticket-domain.ts';
import type { AuditData } from '../audit/chain.ts';
import { createDispatcher } from '../ipc/dispatch.ts';
import { createCoreHandlers, type HandlerDeps } from '../ipc/handlers.ts';
import { createIdleLock } from './idle-lock.ts';
import { manualClock } from './testing/manual-clock.ts';
import type { LockCause } from './keeper.ts';
import { createRendererHolds, MAX_RENDERER_HOLDS } from './renderer-holds.ts';


const operator = { id: 'A1001', displayName: 'Agent', roles: ['agent' as const], permissions: ['calls.handle' as const], team: null, totpEnabled: false, disabled: false };

/** The real dispatcher and handlers over a real idle lock (60 s policy) on a manual clock. */
function world() {
  const clock = manualClock();
  let session: SessionState = { status: 'active', operator };
  const locks: LockCause[] = [];
  const audit: { type: string; data: AuditData }[] = [];
  const idle = createIdleLock({
    idleSeconds: () => 60,
    isUnlocked: () => session.status === 'active',
    lock: (cause) => {
      if (session.status !== 'active') throw new Error('not unlocked');
      session = { status: 'locked', operator: session.operator };
      locks.push(cause);
    },
    now: clock.now,
    timers: clock.timers,
  });
  let n = 0;
  const holds = createRendererHolds({
    idle,
    audit: { append: (type, _actor, data) => (audit.push({ type, data }), { seq: audit.length }) as never },
    operatorId: () => (session.status === 'logged-out' ? null : session.operator.id),
    newId: () => `h-${++n}`,
  });
  const handlers = createCoreHandlers({ idle, holds } as unknown as HandlerDeps);
  // The KB's handlers are never called here; built only so the dispatcher has every channel.
  const kb = createKbDomain({ client: {} as never, session: {} as never, router: { on: () => () => {} }, events: { emit: () => {} }, recordBlocked: () => {} });
  // The updater's channels, answering as a desk without update keys does.
  const disabled = { state: 'disabled', version: null, waitingFor: null, reason: null, progress: null } as const;
  const updateHandlers = { 'update.status': async () => disabled, 'update.check': async () => disabled };
  // The tickets' channels are never called here either.
  const ticketHandlers = Object.fromEntries(INVOKE_CHANNELS.filter((c) => c.startsWith('tickets.')).map((c) => [c, () => Promise.reject(new Error('unused'))])) as unknown as TicketHandlers;
  const dispatcher = createDispatcher(
    { ...handlers, ...kb.handlers, ...ticketHandlers, ...updateHandlers, 'system.versions': async () => ({ app: 't', electron: null, chrome: null, node: '24.0.0' }), 'notify.incoming-call': async () => ({ shown: true }), 'notify.incoming-call-ended': async () => null },
    { session: () => session, log: () => {} },
  );
  return {
    clock,
    locks,
    audit,
    idle,
    holds,
    dispatch: (channel: string, payload?: unknown) => dispatcher.dispatch(channel, payload),
    setSession: (s: SessionState) => (session = s),
  };
}

describe('renderer activity holds (activity.hold / activity.release)', () => {
  it('keeps the idle lock off for as long as the call holds, and locks a full idle period after the release', async () => {
    const w = world();
    const taken = await w.dispatch('activity.hold', { reason: 'call' });
    expect(taken).toEqual({ ok: true, value: { holdId: 'h-1' } });
    w.clock.advance(10 * 60_000);
    expect(w.locks).toEqual([]);
    expect(await w.dispatch('activity.release', { holdId: 'h-1' })).toEqual({ ok: true, value: null });
    w.clock.advance(59_000);
    expect(w.locks).toEqual([]);
    w.clock.advance(1_000);
    expect(w.locks).toEqual(['idle']);
    expect(w.audit).toEqual([
      { type: 'activity.hold', data: { reason: 'call', holdId: 'h-1' } },
      { type: 'activity.released', data: { reason: 'call', holdId: 'h-1', cause: 'released' } },
    ]);
  });

  it('refuses an unknown or already released id (bad_request), a bad reason and more than the bound (too_many_holds)', async () => {
    const w = world();
    expect(await w.dispatch('activity.release', { holdId: 'nope' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(await w.dispatch('activity.hold', { reason: 'nap' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    for (let i = 1; i <= MAX_RENDERER_HOLDS; i += 1) expect(await w.dispatch('activity.hold', { reason: 'call' })).toMatchObject({ ok: true });
    expect(await w.dispatch('activity.hold', { reason: 'call' })).toEqual({ ok: false, error: { code: 'too_many_holds' } });
    expect(await w.dispatch('activity.release', { holdId: 'h-2' })).toEqual({ ok: true, value: null });
    expect(await w.dispatch('activity.release', { holdId: 'h-2' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(await w.dispatch('activity.hold', { reason: 'call' })).toEqual({ ok: true, value: { holdId: 'h-5' } });
    expect(w.idle.holds()).toHaveLength(MAX_RENDERER_HOLDS);
  });

  it('an OS lock still locks at once, the hold stays, and after the unlock the idle timer does not re-lock during the call', async () => {
    const w = world();
    await w.dispatch('activity.hold', { reason: 'call' });
    w.idle.osEvent('os-lock');
    expect(w.locks).toEqual(['os-lock']);
    // Under the lock the call bar can still release (whileLocked) — but here the call goes on.
    expect(w.holds.open()).toEqual(['h-1']);
    // The operator unlocks (core restarts the idle clock on every unlock).
    w.setSession({ status: 'active', operator: { ...operator, permissions: ['calls.handle'] } });
    w.idle.restart();
    w.clock.advance(10 * 60_000);
    expect(w.locks).toEqual(['os-lock']);
    expect(await w.dispatch('activity.release', { holdId: 'h-1' })).toMatchObject({ ok: true });
    w.clock.advance(60_000);
    expect(w.locks).toEqual(['os-lock', 'idle']);
  });

  it('can be taken and released under the lock screen, but not signed out or without calls.handle', async () => {
    const w = world();
    w.setSession({ status: 'locked', operator: { ...operator, permissions: ['calls.handle'] } });
    const taken = await w.dispatch('activity.hold', { reason: 'call' });
    expect(taken).toMatchObject({ ok: true });
    expect(await w.dispatch('activity.release', { holdId: 'h-1' })).toMatchObject({ ok: true });
    w.setSession({ status: 'active', operator: { ...operator, permissions: ['kb.read'] } });
    expect(await w.dispatch('activity.hold', { reason: 'call' })).toEqual({ ok: false, error: { code: 'permission_denied' } });
    w.setSession({ status: 'logged-out', reason: 'user' });
    expect(await w.dispatch('activity.hold', { reason: 'call' })).toEqual({ ok: false, error: { code: 'not_logged_in' } });
  });

  it('releaseAll (session ended, renderer gone) drops every hold, audited with its cause, and the idle timer runs again', async () => {
    const w = world();
    await w.dispatch('activity.hold', { reason: 'call' });
    await w.dispatch('activity.hold', { reason: 'call' });
    w.holds.releaseAll('renderer-gone');
    expect(w.idle.holds()).toEqual([]);
    expect(w.audit.filter((e) => e.type === 'activity.released').map((e) => e.data['cause'])).toEqual(['renderer-gone', 'renderer-gone']);
    expect(await w.dispatch('activity.release', { holdId: 'h-1' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    w.clock.advance(60_000);
    expect(w.locks).toEqual(['idle']);
  });
});
