import type { Leg, LegHost } from './jssip-leg.ts';
import { qualitySample, readQualitySnapshot, type QualitySnapshot, type StatLike } from './quality.ts';

/**
 * A leg's call quality from the same getStats report as its media sample (jssip-media.ts):
 * each report becomes a snapshot, and the interval since the leg's previous one a sample
 * (RTT, jitter, loss, MOS estimate; quality.ts), reported as a `quality` event.
 */
const previous = new WeakMap<Leg, QualitySnapshot>();

export function emitQuality(leg: Leg, host: LegHost, stats: Iterable<StatLike>): void {
  const snapshot = readQualitySnapshot(stats, host.now());
  const sample = qualitySample(previous.get(leg) ?? null, snapshot);
  previous.set(leg, snapshot);
  host.emit({ type: 'quality', callId: leg.call.callId, snapshot, sample });
}
