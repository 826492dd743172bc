import { describe, expect, it } from 'vitest';
import { rolloutBucket, rolloutDecision } from './rollout.ts';

describe('rollout decision', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `WS-${String(i).padStart(4, '0')}`);

  it('puts a workstation in the same bucket every time, spread over 0–99', () => {
    expect(ids.map(rolloutBucket)).toEqual(ids.map(rolloutBucket));
    const inTen = ids.filter((id) => rolloutBucket(id) < 10).length;
    expect(inTen).toBeGreaterThan(50);
    expect(inTen).toBeLessThan(150);
  });

  it('raising the percentage only adds workstations', () => {
    const at = (percent: number) => new Set(ids.filter((id) => rolloutDecision({ rollout: { percent, groups: [] }, halted: false }, id, []) === 'offered'));
    const ten = at(10);
    const fifty = at(50);
    for (const id of ten) expect(fifty.has(id)).toBe(true);
    expect(at(0).size).toBe(0);
    expect(at(100).size).toBe(ids.length);
  });

  it('named groups are offered whatever the percentage; a halt stops everyone', () => {
    const release = { rollout: { percent: 0, groups: ['pilot'] }, halted: false };
    expect(rolloutDecision(release, 'WS-0001', ['pilot'])).toBe('offered');
    expect(rolloutDecision(release, 'WS-0001', ['other'])).toBe('staged-out');
    expect(rolloutDecision({ ...release, halted: true }, 'WS-0001', ['pilot'])).toBe('halted');
    expect(rolloutDecision({ rollout: { percent: 100, groups: [] }, halted: true }, 'WS-0001', [])).toBe('halted');
  });
});
