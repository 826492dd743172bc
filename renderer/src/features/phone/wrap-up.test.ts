import { describe, expect, it } from 'vitest';
import { chooseDisposition, extendWrapUp, finishWrapUp, isOverdue, remainingMs, startWrapUp, type WrapUp } from './wrap-up.ts';

const DISPOSITIONS = ['answered', 'callback'];

/** A manual clock: the tests move time themselves, nothing waits. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('wrap-up (话后整理)', () => {
  it('runs the policy time from the end of the call', () => {
    const c = clock();
    const w = startWrapUp('c1', c.now(), 30);
    expect(remainingMs(w, c.now())).toBe(30_000);
    c.advance(29_999);
    expect(remainingMs(w, c.now())).toBe(1);
    expect(isOverdue(w, c.now())).toBe(false);
    c.advance(1);
    expect(isOverdue(w, c.now())).toBe(true);
    expect(remainingMs(w, c.now())).toBe(0);
  });

  it('cannot finish without one of the institution’s dispositions', () => {
    const c = clock();
    const w = startWrapUp('c1', c.now(), 30);
    expect(finishWrapUp(w, c.now(), DISPOSITIONS)).toEqual({ ok: false, problem: 'disposition-required' });
    expect(finishWrapUp(w, c.now(), DISPOSITIONS, '')).toEqual({ ok: false, problem: 'disposition-required' });
    expect(finishWrapUp(w, c.now(), DISPOSITIONS, 'sold-a-loan')).toEqual({ ok: false, problem: 'disposition-unknown' });
    // Even long past the deadline: no disposition, no way out.
    c.advance(3_600_000);
    expect(finishWrapUp(w, c.now(), DISPOSITIONS)).toEqual({ ok: false, problem: 'disposition-required' });
  });

  it('finishes early with the chosen disposition', () => {
    const c = clock();
    let w: WrapUp = startWrapUp('c1', c.now(), 30);
    c.advance(8_000);
    w = chooseDisposition(w, 'callback');
    const done = finishWrapUp(w, c.now(), DISPOSITIONS);
    expect(done).toEqual({ ok: true, finished: { callId: 'c1', disposition: 'callback', startedAt: 1_000_000, endedAt: 1_008_000, durationMs: 8_000, extended: false, overdue: false } });
  });

  it('stays in wrap-up past the deadline and says so when finished late', () => {
    const c = clock();
    const w = startWrapUp('c1', c.now(), 30);
    c.advance(45_000);
    expect(isOverdue(w, c.now())).toBe(true);
    const done = finishWrapUp(w, c.now(), DISPOSITIONS, 'answered');
    expect(done.ok && done.finished).toMatchObject({ durationMs: 45_000, overdue: true, extended: false });
  });

  it('extends once by the policy time, from the deadline, or from now when already overdue', () => {
    const c = clock();
    const w = startWrapUp('c1', c.now(), 30);
    c.advance(10_000);
    const once = extendWrapUp(w, c.now());
    expect(once.ok && once.wrapUp.deadline).toBe(1_060_000);
    if (!once.ok) throw new Error('not extended');
    expect(extendWrapUp(once.wrapUp, c.now())).toEqual({ ok: false, problem: 'already-extended' });

    const late = startWrapUp('c2', c.now(), 30);
    c.advance(50_000);
    const lateOnce = extendWrapUp(late, c.now());
    expect(lateOnce.ok && remainingMs(lateOnce.wrapUp, c.now())).toBe(30_000);
    if (!lateOnce.ok) throw new Error('not extended');
    c.advance(20_000);
    const done = finishWrapUp(lateOnce.wrapUp, c.now(), DISPOSITIONS, 'answered');
    expect(done.ok && done.finished).toMatchObject({ extended: true, overdue: false, durationMs: 70_000 });
  });

  it('a zero policy time is overdue at once and still asks for a disposition', () => {
    const c = clock();
    const w = startWrapUp('c1', c.now(), 0);
    expect(isOverdue(w, c.now())).toBe(true);
    expect(finishWrapUp(w, c.now(), DISPOSITIONS)).toEqual({ ok: false, problem: 'disposition-required' });
  });

  it('an institution without dispositions cannot demand one: finishing works without', () => {
    const c = clock();
    const w = startWrapUp('c1', c.now(), 30);
    const done = finishWrapUp(w, c.now(), []);
    expect(done.ok && done.finished.disposition).toBe(null);
    expect(finishWrapUp(w, c.now(), [], 'answered')).toEqual({ ok: false, problem: 'disposition-unknown' });
  });
});
