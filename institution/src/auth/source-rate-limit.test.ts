import { describe, expect, it } from 'vitest';
import { createSourceRateLimiter, sourceOf } from './source-rate-limit.ts';

/**
 * Attack review: the auth rate limit and the stream cap counted each peer address. An IPv6
 * host picks any address of its /64 for each request (2^64 of them), so every request came
 * with a fresh budget: the per-address limit limited nothing for such a caller.
 */
describe('per-source limits count an IPv6 caller by its /64', () => {
  it('61 refused requests from 61 addresses of one /64 are cut at the burst of 60', () => {
    const limiter = createSourceRateLimiter({ burst: 60, refillPerMinute: 60, maxSources: 10_000 }, () => 0);
    const answers = Array.from({ length: 61 }, (_, i) => limiter.take(sourceOf(`2001:db8:7:42:${(i + 1).toString(16)}::${i}`)).ok);
    expect(answers.filter((ok) => !ok)).toHaveLength(1);
    expect(answers[60]).toBe(false);
    // Another /64 has its own budget.
    expect(limiter.take(sourceOf('2001:db8:7:43::1')).ok).toBe(true);
  });

  it('keys: IPv4 as itself (also IPv4-mapped), IPv6 by its first four groups, whatever the spelling', () => {
    expect(sourceOf('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(sourceOf('::FFFF:203.0.113.9')).toBe('203.0.113.9');
    for (const spelling of ['2001:db8:0:1::1', '2001:0DB8:0000:0001:ffff:0:0:7', '2001:db8:0:1:a:b:1.2.3.4', '2001:db8:0:1::9%eth0']) {
      expect(sourceOf(spelling)).toBe('2001:db8:0:1::/64');
    }
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceOf('1:2:3:4:5:6:7::')).toBe('1:2:3:4::/64');
    expect(sourceOf('not an address')).toBe('not an address');
  });
});
