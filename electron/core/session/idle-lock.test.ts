import { describe, expect, it } from 'vitest';
import { createIdleLock } from './idle-lock.ts';
import { manualClock } from './testing/manual-clock.ts';
import type { LockCause } from './keeper.ts';


/**
 * The idle lock of a desk signed in and unlocked, on a hand-moved clock: `locks` records each
 * lock's cause (and the session is then locked, as the keeper would); `osIdleSeconds` is the
 * OS's answer when the test gives one.
 */
function desk(o: { idleSeconds?: number; osIdleSeconds?: () => number; clock?: ReturnType<typeof manualClock> } = {}) {
  const clock = o.clock ?? manualClock();
  let state: 'active' | 'locked' | 'logged-out' = 'active';
  const locks: LockCause[] = [];
  let idle = o.idleSeconds ?? 60;
  const lock = createIdleLock({
    idleSeconds: () => idle,
    isUnlocked: () => state === 'active',
    lock: (cause) => {
      if (state !== 'active') throw new Error('not unlocked');
      state = 'locked';
      locks.push(cause);
    },
    now: clock.now,
    timers: clock.timers,
    ...(o.osIdleSeconds === undefined ? {} : { osIdleSeconds: o.osIdleSeconds }),
  });
  return {
    lock,
    clock,
    locks,
    setState: (s: typeof state) => (state = s),
    state: () => state,
    setIdle: (s: number) => (idle = s),
  };
}

/** Not locked `ms` − 1 ms from now, locked for idleness at `ms` exactly. */
function expectIdleLockIn(d: ReturnType<typeof desk>, ms: number): void {
  const before = [...d.locks];
  d.clock.advance(ms - 1);
  expect(d.locks).toEqual(before);
  d.clock.advance(1);
  expect(d.locks).toEqual([...before, 'idle']);
}

describe('idle lock (core)', () => {
  describe("the OS's idle time", () => {
    /** An OS clock of input: seconds since the last input it saw, as powerMonitor.getSystemIdleTime answers. */
    function osInput(clock: { now(): number }) {
      let lastInputAt = clock.now();
      return { touch: () => (lastInputAt = clock.now()), idleSeconds: () => Math.floor((clock.now() - lastInputAt) / 1_000) };
    }

    it('renderer heartbeats alone do not keep an unattended workstation unlocked: the OS saw no input, so it locks at the policy time', () => {
      const clock = manualClock();
      const os = osInput(clock);
      const { lock, locks } = desk({ osIdleSeconds: os.idleSeconds, clock });
      // A renderer that lies: a heartbeat every 5 s, no input anywhere.
      for (let i = 0; i < 11; i += 1) {
        clock.advance(5_000);
        lock.activity();
      }
      clock.advance(4_999);
      lock.activity();
      expect(locks).toEqual([]);
      clock.advance(1);
      expect(locks).toEqual(['idle']);
      lock.stop();
    });

    it('input the OS sees and the desk reports keeps it unlocked; the longer of the two idle times counts', () => {
      const clock = manualClock();
      const os = osInput(clock);
      const { lock, locks } = desk({ osIdleSeconds: os.idleSeconds, clock });
      for (let i = 0; i < 30; i += 1) {
        clock.advance(10_000);
        os.touch();
        lock.activity();
      }
      expect(locks).toEqual([]);
      // Input elsewhere on the machine (another application) but none in the desk: the desk's idle time counts.
      for (let i = 0; i < 6; i += 1) {
        clock.advance(10_000);
        os.touch();
      }
      expect(locks).toEqual(['idle']);
      lock.stop();
    });

    it('an OS that cannot say (0, NaN, a throw) leaves the heartbeats in charge', () => {
      for (const broken of [() => 0, () => Number.NaN, () => -5, (): number => { throw new Error('no idle time here'); }]) {
        const d = desk({ osIdleSeconds: broken });
        d.clock.advance(50_000);
        d.lock.activity();
        expectIdleLockIn(d, 60_000);
        d.lock.stop();
      }
    });

    it('an activity hold (a call) still keeps it unlocked however long the OS saw no input', () => {
      const d = desk({ osIdleSeconds: () => 3_600 });
      const release = d.lock.hold('call');
      d.clock.advance(10 * 60_000);
      expect(d.locks).toEqual([]);
      release();
      // The operator gets a full idle period after the call; with no input in it, the check at its end locks.
      expectIdleLockIn(d, 60_000);
    });
  });

  it('locks a session whose renderer never reports activity, at the policy time and not before', () => {
    const d = desk();
    expectIdleLockIn(d, 60_000);
  });

  it('activity pushes the deadline back a whole period from the last report', () => {
    const d = desk();
    d.clock.advance(50_000);
    d.lock.activity();
    expectIdleLockIn(d, 60_000);
  });

  it('an activity hold keeps the session unlocked however long it lasts; the idle period restarts at release', () => {
    const d = desk();
    const release = d.lock.hold('call');
    expect(d.lock.holds()).toEqual(['call']);
    d.clock.advance(10 * 60_000);
    expect(d.locks).toEqual([]);
    release();
    release(); // idempotent
    expect(d.lock.holds()).toEqual([]);
    expectIdleLockIn(d, 60_000);
  });

  it('holds count: releasing one of two keeps the other in force', () => {
    const d = desk();
    const a = d.lock.hold('call');
    d.lock.hold('update-install');
    a();
    d.clock.advance(5 * 60_000);
    expect(d.locks).toEqual([]);
    expect(d.lock.holds()).toEqual(['update-install']);
  });

  it('suspend and the OS screen lock lock at once, holds or not (the lock covers the call, it does not end it)', () => {
    const d = desk();
    d.lock.hold('call');
    d.lock.osEvent('os-lock');
    expect(d.locks).toEqual(['os-lock']);
    d.setState('active');
    d.lock.osEvent('suspend');
    expect(d.locks).toEqual(['os-lock', 'suspend']);
  });

  it('does nothing while signed out or already locked, and restarts the period at unlock', () => {
    const d = desk();
    d.setState('logged-out');
    d.lock.osEvent('suspend');
    d.clock.advance(5 * 60_000);
    expect(d.locks).toEqual([]);
    d.setState('active');
    d.lock.restart();
    expectIdleLockIn(d, 60_000);
    d.clock.advance(5 * 60_000);
    expect(d.locks).toEqual(['idle']); // locked: no second lock
  });

  it('a pushed shorter policy that has already passed locks at once', () => {
    const d = desk({ idleSeconds: 600 });
    d.clock.advance(120_000);
    expect(d.locks).toEqual([]);
    d.setIdle(60);
    d.lock.policyChanged();
    d.clock.advance(0);
    expect(d.locks).toEqual(['idle']);
  });

  it('stop() leaves no timer behind', () => {
    const d = desk();
    d.lock.stop();
    expect(d.clock.pending()).toBe(0);
    d.clock.advance(10 * 60_000);
    expect(d.locks).toEqual([]);
  });
});
