import { describe, expect, it } from 'vitest';
import { createCoalescedRun } from './coalesced-run.ts';

/** A task whose runs the test finishes by hand. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let runs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const task = async () => {
    runs += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => gates.push(resolve));
    inFlight -= 1;
  };
  const release = async () => {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { task, release, stats: () => ({ runs, maxInFlight, waiting: gates.length }) };
}

describe('createCoalescedRun', () => {
  it('runs once more after the running one, however many asked meanwhile, never two at once', async () => {
    const t = gatedTask();
    const r = createCoalescedRun(t.task);
    const first = r.run();
    const joined = [r.run(), r.run(), r.run()];
    expect(t.stats()).toEqual({ runs: 1, maxInFlight: 1, waiting: 1 });
    await t.release();
    expect(t.stats()).toEqual({ runs: 2, maxInFlight: 1, waiting: 1 });
    await t.release();
    await Promise.all([first, ...joined]);
    expect(t.stats().runs).toBe(2);
    expect(r.current()).toBeNull();
  });

  it('dropPending forgets the extra run; keepGoing false stops the loop', async () => {
    const t = gatedTask();
    const r = createCoalescedRun(t.task);
    const first = r.run();
    void r.run();
    r.dropPending();
    await t.release();
    await first;
    expect(t.stats().runs).toBe(1);

    let open = true;
    const u = gatedTask();
    const s = createCoalescedRun(u.task, () => open);
    const p = s.run();
    void s.run();
    open = false;
    await u.release();
    await p;
    expect(u.stats().runs).toBe(1);
  });

  it('a failing run rejects its callers and leaves the runner usable', async () => {
    let fail = true;
    const r = createCoalescedRun(async () => {
      if (fail) throw new Error('boom');
    });
    await expect(r.run()).rejects.toThrow('boom');
    fail = false;
    await expect(r.run()).resolves.toBeUndefined();
  });
});
