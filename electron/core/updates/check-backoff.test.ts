import { describe, expect, it } from 'vitest';
import { createCheckBackoff } from './check-backoff.ts';

/** The update check's throttle backoff on a hand-moved clock (no timers). */
describe('createCheckBackoff', () => {
  it('waits the longer of Retry-After and 1, 2, 4 … min (at most 1 h), plus up to 20 % jitter; an answer resets it', () => {
    let now = 1_000_000;
    const calm = createCheckBackoff({ now: () => now, random: () => 0 });
    expect(calm.waitMs()).toBe(0);
    expect([null, null, null].map(() => calm.throttled(null))).toEqual([60_000, 120_000, 240_000]);
    expect(calm.waitMs()).toBe(240_000);
    now += 100_000;
    expect(calm.waitMs()).toBe(140_000);
    // The server's Retry-After when longer than the backoff; never beyond the hour.
    expect(calm.throttled(3_000_000)).toBe(3_000_000);
    expect(calm.throttled(9_000_000)).toBe(3_600_000);
    for (let i = 0; i < 40; i++) calm.throttled(null);
    expect(calm.throttled(null)).toBe(3_600_000);
    calm.answered();
    expect(calm.waitMs()).toBe(0);
    expect(calm.throttled(null)).toBe(60_000);

    const jittery = createCheckBackoff({ now: () => now, random: () => 0.5 });
    expect(jittery.throttled(null)).toBe(66_000);
    expect(jittery.throttled(100_000)).toBe(132_000);
  });
});
