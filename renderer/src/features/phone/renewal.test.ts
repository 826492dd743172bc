import { describe, expect, it } from 'vitest';
import { MIN_RENEW_DELAY_MS, renewalDelayMs, renewalRetryDelayMs } from './renewal.ts';

const MIN = 60_000;

describe('renewalDelayMs', () => {
  it('renews at three quarters of a 10-minute lifetime', () => {
    expect(renewalDelayMs(0, 0, 10 * MIN)).toBe(7.5 * MIN);
  });

  it('never later than a minute before expiry', () => {
    // 3 min lifetime: 75 % would be 45 s before expiry; the margin wins.
    expect(renewalDelayMs(0, 0, 3 * MIN)).toBe(2 * MIN);
  });

  it('half-way for lifetimes too short for the margin', () => {
    expect(renewalDelayMs(0, 0, 60_000)).toBe(30_000);
  });

  it('counts from now when the credentials arrived late', () => {
    // Issued at 0, read at 5 min, expiring at 10 min: 7.5 min mark → 2.5 min from now.
    expect(renewalDelayMs(5 * MIN, 0, 10 * MIN)).toBe(2.5 * MIN);
  });

  it('at once (the floor) when expired or nearly so, never negative', () => {
    expect(renewalDelayMs(10 * MIN, 0, 10 * MIN)).toBe(0);
    expect(renewalDelayMs(11 * MIN, 0, 10 * MIN)).toBe(0);
    expect(renewalDelayMs(10 * MIN - 500, 0, 10 * MIN)).toBe(MIN_RENEW_DELAY_MS);
  });
});

describe('renewalRetryDelayMs', () => {
  it('backs off 2, 4, 8 … seconds up to 30 s', () => {
    const far = 10 * 60 * MIN;
    expect([1, 2, 3, 4, 5, 6].map((a) => renewalRetryDelayMs(a, 0, far))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('lands the last try before the old credentials expire', () => {
    expect(renewalRetryDelayMs(5, 0, 10_000)).toBe(9_000);
  });

  it('keeps backing off once they have expired', () => {
    expect(renewalRetryDelayMs(3, 20_000, 10_000)).toBe(8_000);
  });
});
