import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../contract/channels.ts';
import type { Timers } from '../outbox/delivery.ts';
import { createConnectionMonitor } from './connection.ts';

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
});
