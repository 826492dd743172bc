import { describe, expect, it } from 'vitest';
import { backoffDelay, exponentialDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles per attempt between half and full delay, and is capped', () => {
    const low = { initialMs: 100, maxMs: 1000, random: () => 0 };
    const high = { initialMs: 100, maxMs: 1000, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, low))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, high))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('clamps a misbehaving random source', () => {
    expect(backoffDelay(0, { initialMs: 100, maxMs: 1000, random: () => 7 })).toBe(100);
    expect(backoffDelay(0, { initialMs: 100, maxMs: 1000, random: () => -1 })).toBe(50);
  });

  it('stays a number after a very long run of failures', () => {
    expect(exponentialDelay(10_000, { initialMs: 100, maxMs: 1000 })).toBe(1000);
    expect(exponentialDelay(10_000, { initialMs: 0, maxMs: 1000 })).toBe(0);
    expect(backoffDelay(10_000, { initialMs: 0, maxMs: 1000, random: () => 0.5 })).toBe(0);
  });
});
