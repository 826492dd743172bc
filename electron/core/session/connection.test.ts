import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../contract/channels.ts';
import { ApiFailure } from '../api/failure.ts';
import type { Timers } from '../outbox/delivery.ts';
import { createConnectionMonitor, observeReachability, reachabilityOf } from './connection.ts';

/** Manual timers: the test decides when the next probe is due. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    pendingCount: () => pending.size,
    fireAll() {
      const due = [...pending.values()];
      pending.clear();
      for (const fn of due) fn();
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function setup(reachable: { value: boolean }) {
  const t = manualTimers();
  const seen: ConnectionState[] = [];
  let checks = 0;
  const monitor = createConnectionMonitor({
    check: async () => {
      checks += 1;
      if (!reachable.value) throw new Error('unreachable');
    },
    intervalMs: 15_000,
    timers: t.timers,
    onChange: (c) => seen.push(c),
  });
  return { monitor, seen, t, checks: () => checks };
}

describe('connection monitor', () => {
  it('probes before sign-in: online when the institution answers, offline when it stops', async () => {
    const reachable = { value: true };
    const { monitor, seen, t } = setup(reachable);
    expect(monitor.current()).toBe('connecting');
    monitor.start();
    await settle();
    expect(monitor.current()).toBe('online');
    reachable.value = false;
    t.fireAll();
    await settle();
    expect(seen).toEqual(['online', 'offline']);
    monitor.stop();
    expect(t.pendingCount()).toBe(0);
  });

  it('follows the push channel during a session and ignores it otherwise', async () => {
    const reachable = { value: true };
    const { monitor, seen, t, checks } = setup(reachable);
    monitor.fromSession('offline');
    expect(monitor.current()).toBe('connecting');
    monitor.start();
    await settle();
    monitor.sessionChanged(true, 'connecting');
    expect(t.pendingCount()).toBe(0);
    monitor.fromSession('online');
    const probesDuringSession = checks();
    t.fireAll();
    await settle();
    expect(checks()).toBe(probesDuringSession);
    expect(seen).toEqual(['online', 'connecting', 'online']);
  });

  it('probes again at once when the session ends, and a late probe cannot override a session', async () => {
    const reachable = { value: false };
    const { monitor, seen } = setup(reachable);
    monitor.start();
    // The session starts while the first probe is still on the wire.
    monitor.sessionChanged(true, 'online');
    await settle();
    expect(monitor.current()).toBe('online');
    monitor.sessionChanged(false, 'offline');
    await settle();
    expect(seen).toEqual(['online', 'offline']);
    monitor.stop();
  });

  it('before sign-in, a request outcome shows at once and counts as the probe', async () => {
    const reachable = { value: true };
    const { monitor, seen, t, checks } = setup(reachable);
    monitor.start();
    await settle();
    expect(monitor.current()).toBe('online');
    // The institution stops; the next probe is not due, but a login just went unanswered.
    reachable.value = false;
    monitor.observed(false);
    expect(monitor.current()).toBe('offline');
    // One probe stays scheduled (the observation moved it, it did not add one).
    expect(t.pendingCount()).toBe(1);
    const probes = checks();
    // A login answered (even "wrong password") proves it is back.
    monitor.observed(true);
    expect(seen).toEqual(['online', 'offline', 'online']);
    expect(checks()).toBe(probes);
    monitor.stop();
    monitor.observed(false);
    expect(monitor.current()).toBe('online');
  });

  it('a probe sent before a request outcome cannot overwrite it', async () => {
    const reachable = { value: true };
    const { monitor, seen } = setup(reachable);
    monitor.start(); // on the wire, will answer "reachable"
    monitor.observed(false);
    await settle();
    expect(monitor.current()).toBe('offline');
    expect(seen).toEqual(['offline']);
    monitor.stop();
  });

  it('during a session, an unanswered request shows offline until the push channel or an answer says more', async () => {
    const { monitor, seen } = setup({ value: true });
    monitor.sessionChanged(true, 'online');
    monitor.observed(false);
    expect(monitor.current()).toBe('offline');
    // An answer clears the failure but does not claim more than the push channel knows.
    monitor.observed(true);
    expect(monitor.current()).toBe('online');
    monitor.observed(false);
    monitor.fromSession('connecting');
    expect(monitor.current()).toBe('connecting');
    monitor.observed(true);
    expect(monitor.current()).toBe('connecting');
    expect(seen).toEqual(['online', 'offline', 'online', 'offline', 'connecting']);
    monitor.stop();
  });
});

describe('reachability of a request outcome', () => {
  it('counts the institution\'s own HTTP answers as reachable, everything else that failed on the wire as not', () => {
    expect(reachabilityOf(new ApiFailure('http', 'POST /auth/login: 401', { status: 401, code: 'invalid_credentials' }))).toBe(true);
    expect(reachabilityOf(new ApiFailure('http', 'POST /auth/login: 423', { status: 423, code: 'account_locked' }))).toBe(true);
    expect(reachabilityOf(new ApiFailure('http', 'GET /me: 503', { status: 503 }))).toBe(false);
    expect(reachabilityOf(new ApiFailure('network', 'POST /auth/login: ECONNREFUSED'))).toBe(false);
    expect(reachabilityOf(new ApiFailure('timeout', 'POST /auth/login: timed out'))).toBe(false);
    expect(reachabilityOf(new ApiFailure('certificate', 'pin mismatch'))).toBe(false);
    expect(reachabilityOf(new ApiFailure('bad-response', 'not JSON'))).toBe(false);
    expect(reachabilityOf(new TypeError('token has the wrong shape'))).toBeNull();
  });

  it('wraps a client: passes results and errors through unchanged and reports each outcome', async () => {
    const refused = new ApiFailure('http', 'POST /auth/login: 401', { status: 401, code: 'invalid_credentials' });
    const down = new ApiFailure('network', 'POST /auth/refresh: ECONNRESET');
    const stream = { kind: 'stream' };
    const client = {
      login: async () => Promise.reject(refused),
      refresh: async () => Promise.reject(down),
      logout: async () => undefined,
      reauthenticate: async () => Promise.reject(new TypeError('bad token shape')),
      me: async () => ({ me: true }),
      enrollWorkstation: async () => undefined,
      sendAuditBatch: async () => ({ accepted: [] }),
      siteProfile: async () => ({}),
      health: async () => ({ status: 'ok' }),
      openEventStream: async () => stream,
    };
    const seen: boolean[] = [];
    const observed = observeReachability(client, (r) => seen.push(r));
    await expect(observed.login()).rejects.toBe(refused);
    await expect(observed.refresh()).rejects.toBe(down);
    await expect(observed.reauthenticate()).rejects.toThrow(TypeError);
    expect(await observed.me()).toEqual({ me: true });
    expect(seen).toEqual([true, false, true]);
    // The probe and the push stream report through their own paths.
    await observed.health();
    expect(await observed.openEventStream()).toBe(stream);
    expect(seen).toEqual([true, false, true]);
  });
});
