import { describe, expect, it } from 'vitest';
import { createIdleLock } from './idle-lock.ts';
import { manualClock } from './testing/manual-clock.ts';
import type { LockCause } from './keeper.ts';


function desk(idleSeconds = 60, osIdleSeconds?: () => number) {
  const clock = manualClock();
  let state: 'active' | 'locked' | 'logged-out' = 'active';
  const locks: LockCause[] = [];
  let idle = idleSeconds;
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
    ...(osIdleSeconds === undefined ? {} : { osIdleSeconds }),
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
      let locked = 0;
      const lock = createIdleLock({ idleSeconds: () => 60, isUnlocked: () => locked === 0, lock: () => (locked += 1), osIdleSeconds: os.idleSeconds, now: clock.now, timers: clock.timers });
      // A renderer that lies: a heartbeat every 5 s, no input anywhere.
      for (let i = 0; i < 11; i += 1) {
        clock.advance(5_000);
        lock.activity();
      }
      clock.advance(4_999);
      lock.activity();
      expect(locked).toBe(0);
      clock.advance(1);
      expect(locked).toBe(1);
      lock.stop();
    });

    it('input the OS sees and the desk reports keeps it unlocked; the longer of the two idle times counts', () => {
      const clock = manualClock();
      const os = osInput(clock);
      let locked = 0;
      const lock = createIdleLock({ idleSeconds: () => 60, isUnlocked: () => locked === 0, lock: () => (locked += 1), osIdleSeconds: os.idleSeconds, now: clock.now, timers: clock.timers });
      for (let i = 0; i < 30; i += 1) {
        clock.advance(10_000);
        os.touch();
        lock.activity();
      }
      expect(locked).toBe(0);
      // Input elsewhere on the machine (another application) but none in the desk: the desk's idle time counts.
      for (let i = 0; i < 6; i += 1) {
        clock.advance(10_000);
        os.touch();
      }
      expect(locked).toBe(1);
      lock.stop();
    });

    it('an OS that cannot say (0, NaN, a throw) leaves the heartbeats in charge', () => {
      for (const broken of [() => 0, () => Number.NaN, () => -5, (): number => { throw new Error('no idle time here'); }]) {
        const d = desk(60, broken);
        d.clock.advance(50_000);
        d.lock.activity();
        d.clock.advance(59_000);
        expect(d.locks).toEqual([]);
        d.clock.advance(1_000);
        expect(d.locks).toEqual(['idle']);
        d.lock.stop();
      }
    });

    it('an activity hold (a call) still keeps it unlocked however long the OS saw no input', () => {
      const d = desk(60, () => 3_600);
      const release = d.lock.hold('call');
      d.clock.advance(10 * 60_000);
      expect(d.locks).toEqual([]);
      release();
      // The operator gets a full idle period after the call; with no input in it, the check at its end locks.
      d.clock.advance(59_999);
      expect(d.locks).toEqual([]);
      d.clock.advance(1);
      expect(d.locks).toEqual(['idle']);
    });
  });

  it('locks a session whose renderer never reports activity, at the policy time and not before', () => {
    const d = desk(60);
    d.clock.advance(59_999);
    expect(d.locks).toEqual([]);
    d.clock.advance(1);
    expect(d.locks).toEqual(['idle']);
  });

  it('activity pushes the deadline back a whole period from the last report', () => {
    const d = desk(60);
    d.clock.advance(50_000);
    d.lock.activity();
    d.clock.advance(59_000);
    expect(d.locks).toEqual([]);
    d.clock.advance(1_000);
    expect(d.locks).toEqual(['idle']);
  });

  it('an activity hold keeps the session unlocked however long it lasts; the idle period restarts at release', () => {
    const d = desk(60);
    const release = d.lock.hold('call');
    expect(d.lock.holds()).toEqual(['call']);
    d.clock.advance(10 * 60_000);
    expect(d.locks).toEqual([]);
    release();
    release(); // idempotent
    expect(d.lock.holds()).toEqual([]);
    d.clock.advance(59_000);
    expect(d.locks).toEqual([]);
    d.clock.advance(1_000);
    expect(d.locks).toEqual(['idle']);
  });

  it('holds count: releasing one of two keeps the other in force', () => {
    const d = desk(60);
    const a = d.lock.hold('call');
    d.lock.hold('update-install');
    a();
    d.clock.advance(5 * 60_000);
    expect(d.locks).toEqual([]);
    expect(d.lock.holds()).toEqual(['update-install']);
  });

  it('suspend and the OS screen lock lock at once, holds or not (the lock covers the call, it does not end it)', () => {
    const d = desk(60);
    d.lock.hold('call');
    d.lock.osEvent('os-lock');
    expect(d.locks).toEqual(['os-lock']);
    d.setState('active');
    d.lock.osEvent('suspend');
    expect(d.locks).toEqual(['os-lock', 'suspend']);
  });

  it('does nothing while signed out or already locked, and restarts the period at unlock', () => {
    const d = desk(60);
    d.setState('logged-out');
    d.lock.osEvent('suspend');
    d.clock.advance(5 * 60_000);
    expect(d.locks).toEqual([]);
    d.setState('active');
    d.lock.restart();
    d.clock.advance(59_000);
    expect(d.locks).toEqual([]);
    d.clock.advance(1_000);
    expect(d.locks).toEqual(['idle']);
    d.clock.advance(5 * 60_000);
    expect(d.locks).toEqual(['idle']); // locked: no second lock
  });

  it('a pushed shorter policy that has already passed locks at once', () => {
    const d = desk(600);
    d.clock.advance(120_000);
    expect(d.locks).toEqual([]);
    d.setIdle(60);
    d.lock.policyChanged();
    d.clock.advance(0);
    expect(d.locks).toEqual(['idle']);
  });

  it('stop() leaves no timer behind', () => {
    const d = desk(60);
    d.lock.stop();
    expect(d.clock.pending()).toBe(0);
    d.clock.advance(10 * 60_000);
    expect(d.locks).toEqual([]);
  });
});
