import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallQualitySummary } from '../../../../electron/contract/phone.ts';
import {
  createQualityTracker,
  delayImpairment,
  lossImpairment,
  mosFromR,
  qualitySample,
  qualityWarnings,
  readQualitySnapshot,
  rFactor,
  type QualityCodec,
  type QualitySnapshot,
} from './quality.ts';

const snapshot = (over: Partial<QualitySnapshot> = {}): QualitySnapshot => ({
  at: 0,
  rttMs: 20,
  jitterMs: 2,
  packetsLost: 0,
  packetsReceived: 0,
  jitterBufferDelayS: null,
  jitterBufferEmitted: null,
  codec: 'opus',
  ...over,
});

describe('the E-model (G.107, simplified)', () => {
  it('maps known R values to their MOS (G.107 Annex B)', () => {
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
    expect(mosFromR(80)).toBeCloseTo(4.024, 3);
    expect(mosFromR(70)).toBeCloseTo(3.597, 3);
    expect(mosFromR(60)).toBeCloseTo(3.1, 3);
    expect(mosFromR(50)).toBeCloseTo(2.575, 3);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(-5)).toBe(1);
    expect(mosFromR(100)).toBe(4.5);
    // The polynomial dips below 1 for small R; the scale does not.
    expect(mosFromR(3)).toBe(1);
  });

  it('gives the ideal G.711 path R 93.2 and its delay and loss terms their textbook values', () => {
    expect(rFactor({ oneWayDelayMs: 0, lossPercent: 0, codec: 'pcma' })).toBeCloseTo(93.2, 5);
    expect(delayImpairment(100)).toBeCloseTo(2.4, 5);
    // Past 177.3 ms the second term adds 0.11 per ms.
    expect(delayImpairment(277.3)).toBeCloseTo(0.024 * 277.3 + 11, 5);
    // 95·Ppl/(Ppl+Bpl): 1 % loss with concealment (Bpl 25.1) ≈ 3.64, without (Bpl 4.3) ≈ 17.9.
    expect(lossImpairment(1, 'pcma')).toBeCloseTo(3.64, 2);
    expect(lossImpairment(1, 'other')).toBeCloseTo(17.92, 2);
    expect(lossImpairment(100, 'opus')).toBeCloseTo(95 * (100 / 125.1), 5);
  });

  it('stays in its ranges and never improves with more loss or more delay (properties)', () => {
    const codec = fc.constantFrom<QualityCodec>('opus', 'pcma', 'pcmu', 'other');
    const delay = fc.double({ min: 0, max: 5_000, noNaN: true });
    const loss = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(codec, delay, delay, loss, loss, (c, d1, d2, l1, l2) => {
        const r = rFactor({ oneWayDelayMs: d1, lossPercent: l1, codec: c });
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(100);
        const mos = mosFromR(r);
        expect(mos).toBeGreaterThanOrEqual(1);
        expect(mos).toBeLessThanOrEqual(4.5);
        const [dLow, dHigh] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const [lLow, lHigh] = l1 <= l2 ? [l1, l2] : [l2, l1];
        expect(mosFromR(rFactor({ oneWayDelayMs: dHigh, lossPercent: l1, codec: c }))).toBeLessThanOrEqual(mosFromR(rFactor({ oneWayDelayMs: dLow, lossPercent: l1, codec: c })) + 1e-12);
        expect(mosFromR(rFactor({ oneWayDelayMs: d1, lossPercent: lHigh, codec: c }))).toBeLessThanOrEqual(mosFromR(rFactor({ oneWayDelayMs: d1, lossPercent: lLow, codec: c })) + 1e-12);
      }),
    );
  });

  it('MOS never decreases as R grows (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 110, noNaN: true }), fc.double({ min: -10, max: 110, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(mosFromR(high)).toBeGreaterThanOrEqual(mosFromR(low));
      }),
    );
  });
});

describe('samples from getStats', () => {
  it('reads RTT from remote-inbound-rtp, else the nominated pair; jitter, loss and codec from inbound-rtp', () => {
    const stats = [
      { type: 'inbound-rtp', kind: 'audio', id: 'IT1', codecId: 'C1', jitter: 0.012, packetsLost: 3, packetsReceived: 297, jitterBufferDelay: 4.8, jitterBufferEmittedCount: 96_000 },
      { type: 'codec', id: 'C1', mimeType: 'audio/PCMA' },
      { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.081 },
      { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.002 },
      { type: 'inbound-rtp', kind: 'video', jitter: 9 },
    ];
    expect(readQualitySnapshot(stats, 5)).toEqual({ at: 5, rttMs: 81, jitterMs: 12, packetsLost: 3, packetsReceived: 297, jitterBufferDelayS: 4.8, jitterBufferEmitted: 96_000, codec: 'pcma' });
    const noRtcp = readQualitySnapshot(stats.filter((s) => s.type !== 'remote-inbound-rtp'), 5);
    expect(noRtcp.rttMs).toBe(2);
    expect(readQualitySnapshot([], 5)).toEqual({ at: 5, rttMs: null, jitterMs: null, packetsLost: 0, packetsReceived: 0, jitterBufferDelayS: null, jitterBufferEmitted: null, codec: null });
    // Negative packetsLost (duplicates, RFC 3550) and garbage count as nothing.
    expect(readQualitySnapshot([{ type: 'inbound-rtp', packetsLost: -4, jitter: Number.NaN }], 0)).toMatchObject({ packetsLost: 0, jitterMs: null, codec: 'other' });
  });

  it('computes interval loss and MOS from two snapshots, and warns past the thresholds', () => {
    const first = snapshot({ at: 0, packetsReceived: 100 });
    expect(qualitySample(null, first)).toEqual({ at: 0, rttMs: 20, jitterMs: 2, lossPercent: null, mos: null });
    const clean = qualitySample(first, snapshot({ at: 1_000, packetsReceived: 150 }));
    expect(clean.lossPercent).toBe(0);
    expect(clean.mos).toBeGreaterThan(4.3);
    expect(qualityWarnings(clean)).toEqual([]);

    const bad = qualitySample(first, snapshot({ at: 1_000, rttMs: 450, jitterMs: 35, packetsLost: 5, packetsReceived: 145 }));
    expect(bad.lossPercent).toBeCloseTo(10, 5);
    expect(bad.mos).toBeLessThan(3.5);
    expect(qualityWarnings(bad)).toEqual(['rtt', 'jitter', 'loss', 'mos']);
    // Exactly at a threshold is not past it.
    expect(qualityWarnings({ at: 0, rttMs: 400, jitterMs: 30, lossPercent: 3, mos: 3.5 })).toEqual([]);
    // No packets in the interval (hold): no loss figure, no MOS.
    expect(qualitySample(first, snapshot({ at: 1_000, packetsReceived: 100 }))).toMatchObject({ lossPercent: null, mos: null });
  });

  it("uses the jitter buffer's own delay when the browser reports it", () => {
    const a = snapshot({ jitterBufferDelayS: 0, jitterBufferEmitted: 0, packetsReceived: 0 });
    const small = qualitySample(a, snapshot({ jitterBufferDelayS: 0.02 * 48_000, jitterBufferEmitted: 48_000, packetsReceived: 50 }));
    const large = qualitySample(a, snapshot({ jitterBufferDelayS: 0.4 * 48_000, jitterBufferEmitted: 48_000, packetsReceived: 50 }));
    expect(large.mos).toBeLessThan(small.mos ?? 0);
  });
});

describe('the per-call summary', () => {
  it('keeps min/avg MOS, max jitter and RTT, and the loss over the whole call, in the contract', () => {
    const tracker = createQualityTracker();
    expect(CallQualitySummary.parse(tracker.summary())).toEqual({ samples: 0, mosMin: null, mosAvg: null, jitterMaxMs: null, rttMaxMs: null, lossPercent: null });
    const snaps = [snapshot({ at: 0, packetsReceived: 50 }), snapshot({ at: 1_000, rttMs: 120, jitterMs: 9, packetsReceived: 100 }), snapshot({ at: 2_000, rttMs: 60, jitterMs: 40, packetsLost: 10, packetsReceived: 140 })];
    let prev: QualitySnapshot | null = null;
    const moses: number[] = [];
    for (const s of snaps) {
      const sample = qualitySample(prev, s);
      if (sample.mos !== null) moses.push(sample.mos);
      tracker.add(sample, s);
      prev = s;
    }
    const summary = CallQualitySummary.parse(tracker.summary());
    expect(summary.samples).toBe(3);
    expect(summary.mosMin).toBeCloseTo(Math.min(...moses), 2);
    expect(summary.mosAvg).toBeCloseTo((moses[0]! + moses[1]!) / 2, 2);
    expect(summary.jitterMaxMs).toBe(40);
    expect(summary.rttMaxMs).toBe(120);
    expect(summary.lossPercent).toBeCloseTo((100 * 10) / 150, 2);
  });
});
