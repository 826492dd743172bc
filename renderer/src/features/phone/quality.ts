import type { CallQualitySummary } from '../../../../electron/contract/phone.ts';

/**
 * Call quality from the RTP statistics the engine samples about once a second: round-trip
 * time, jitter, packet loss, and a live MOS estimate by the ITU-T G.107 E-model, simplified
 * as is usual for VoIP monitoring:
 *
 *   R   = 93.2 − Id − Ie-eff                       (default Ro − Is, A = 0)
 *   Id  = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3)   (Cole & Rosenbluth's fit of G.107's delay term)
 *   d   = RTT/2 + jitter buffer + codec delay       (one-way, mouth to ear, ms)
 *   Ie-eff = Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl), BurstR = 1 (random loss)
 *   MOS = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶  (G.107 Annex B), clamped to 1…4.5
 *
 * Codec values: G.711 A-law/µ-law Ie 0, Bpl 25.1 (G.113 Appendix I, with packet-loss
 * concealment — Chromium's NetEq conceals). Opus has no G.113 narrowband values; it is
 * taken as G.711 with concealment (Ie 0, Bpl 25.1), which understates Opus with FEC, so
 * the estimate errs towards warning. An unknown codec gets G.711 without concealment (Bpl 4.3).
 * All pure: the engine feeds snapshots, the store keeps the per-call summary.
 */

export type QualityCodec = 'opus' | 'pcma' | 'pcmu' | 'other';

interface CodecModel {
  ie: number;
  bpl: number;
  /** Frame + look-ahead (ms). */
  delayMs: number;
}

export const CODEC_MODELS: Readonly<Record<QualityCodec, CodecModel>> = {
  opus: { ie: 0, bpl: 25.1, delayMs: 26.5 },
  pcma: { ie: 0, bpl: 25.1, delayMs: 20 },
  pcmu: { ie: 0, bpl: 25.1, delayMs: 20 },
  other: { ie: 0, bpl: 4.3, delayMs: 20 },
};

/** Warning thresholds (the "sensible" ones). */
export const QUALITY_LIMITS = Object.freeze({ rttMs: 400, jitterMs: 30, lossPercent: 3, mos: 3.5 });

/** Cumulative counters and gauges from one getStats report. */
export interface QualitySnapshot {
  at: number;
  rttMs: number | null;
  jitterMs: number | null;
  /** inbound-rtp, cumulative since the stream began. */
  packetsLost: number;
  packetsReceived: number;
  /** inbound-rtp jitterBufferDelay (s) and jitterBufferEmittedCount, cumulative; null when not reported. */
  jitterBufferDelayS: number | null;
  jitterBufferEmitted: number | null;
  codec: QualityCodec | null;
}

/** What the card shows for the last interval. */
export interface QualitySample {
  at: number;
  rttMs: number | null;
  jitterMs: number | null;
  /** Loss in the interval since the previous snapshot; null on the first one or when nothing was expected. */
  lossPercent: number | null;
  /** Null until a loss figure exists. */
  mos: number | null;
}

export type QualityWarning = 'rtt' | 'jitter' | 'loss' | 'mos';

/** The fields of getStats entries this file reads (the rest of RTCStats is ignored). */
export interface StatLike {
  type?: string;
  kind?: string;
  id?: string;
  codecId?: string;
  mimeType?: string;
  roundTripTime?: number;
  currentRoundTripTime?: number;
  nominated?: boolean;
  state?: string;
  jitter?: number;
  packetsLost?: number;
  packetsReceived?: number;
  jitterBufferDelay?: number;
  jitterBufferEmittedCount?: number;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function codecOf(mimeType: string | undefined): QualityCodec {
  const m = (mimeType ?? '').toLowerCase();
  if (m === 'audio/opus') return 'opus';
  if (m === 'audio/pcma') return 'pcma';
  if (m === 'audio/pcmu') return 'pcmu';
  return 'other';
}

/**
 * Reads one report: RTT from remote-inbound-rtp (RTCP from the far end) or else the
 * selected candidate pair, jitter and loss from the audio inbound-rtp, the codec it names.
 */
export function readQualitySnapshot(stats: Iterable<StatLike>, at: number): QualitySnapshot {
  const all = [...stats];
  const byId = new Map(all.filter((s) => typeof s.id === 'string').map((s) => [s.id as string, s]));
  const audio = (s: StatLike) => s.kind === undefined || s.kind === 'audio';
  const inbound = all.find((s) => s.type === 'inbound-rtp' && audio(s));
  const remoteInbound = all.find((s) => s.type === 'remote-inbound-rtp' && audio(s) && finite(s.roundTripTime));
  const pair = all.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded' && finite(s.currentRoundTripTime));
  const rttS = remoteInbound?.roundTripTime ?? pair?.currentRoundTripTime;
  const codecStat = inbound?.codecId === undefined ? undefined : byId.get(inbound.codecId);
  return {
    at,
    rttMs: finite(rttS) && rttS >= 0 ? rttS * 1000 : null,
    jitterMs: finite(inbound?.jitter) && inbound.jitter >= 0 ? inbound.jitter * 1000 : null,
    packetsLost: finite(inbound?.packetsLost) ? Math.max(0, inbound.packetsLost) : 0,
    packetsReceived: finite(inbound?.packetsReceived) ? Math.max(0, inbound.packetsReceived) : 0,
    jitterBufferDelayS: finite(inbound?.jitterBufferDelay) ? inbound.jitterBufferDelay : null,
    jitterBufferEmitted: finite(inbound?.jitterBufferEmittedCount) ? inbound.jitterBufferEmittedCount : null,
    codec: codecStat === undefined ? (inbound === undefined ? null : 'other') : codecOf(codecStat.mimeType),
  };
}

/** Delay impairment Id for a one-way delay d (ms). */
export function delayImpairment(oneWayDelayMs: number): number {
  const d = Math.max(0, oneWayDelayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** Effective equipment impairment Ie-eff for a packet loss (%) with random loss (BurstR = 1). */
export function lossImpairment(lossPercent: number, codec: QualityCodec): number {
  const { ie, bpl } = CODEC_MODELS[codec];
  const ppl = Math.min(100, Math.max(0, lossPercent));
  return ie + ((95 - ie) * ppl) / (ppl + bpl);
}

export function rFactor(o: { oneWayDelayMs: number; lossPercent: number; codec: QualityCodec }): number {
  const r = 93.2 - delayImpairment(o.oneWayDelayMs) - lossImpairment(o.lossPercent, o.codec);
  return Math.min(100, Math.max(0, r));
}

/** G.107 Annex B, clamped to 1…4.5 (the polynomial dips just below 1 for R < 6.5). */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
  return Math.min(4.5, Math.max(1, mos));
}

/**
 * The one-way delay the E-model takes: half the RTT, the jitter buffer's average delay over
 * the interval (or twice the jitter when the browser does not report it), the codec's frame.
 */
function oneWayDelayMs(prev: QualitySnapshot, next: QualitySnapshot, codec: QualityCodec): number {
  let buffer = 2 * (next.jitterMs ?? 0);
  if (next.jitterBufferDelayS !== null && next.jitterBufferEmitted !== null && prev.jitterBufferDelayS !== null && prev.jitterBufferEmitted !== null) {
    const emitted = next.jitterBufferEmitted - prev.jitterBufferEmitted;
    if (emitted > 0) buffer = ((next.jitterBufferDelayS - prev.jitterBufferDelayS) / emitted) * 1000;
  }
  return (next.rttMs ?? 0) / 2 + Math.max(0, buffer) + CODEC_MODELS[codec].delayMs;
}

export function qualitySample(prev: QualitySnapshot | null, next: QualitySnapshot): QualitySample {
  let lossPercent: number | null = null;
  let mos: number | null = null;
  if (prev !== null) {
    const lost = Math.max(0, next.packetsLost - prev.packetsLost);
    const received = Math.max(0, next.packetsReceived - prev.packetsReceived);
    if (lost + received > 0) {
      lossPercent = (100 * lost) / (lost + received);
      const codec = next.codec ?? 'other';
      mos = mosFromR(rFactor({ oneWayDelayMs: oneWayDelayMs(prev, next, codec), lossPercent, codec }));
    }
  }
  return { at: next.at, rttMs: next.rttMs, jitterMs: next.jitterMs, lossPercent, mos };
}

export function qualityWarnings(sample: QualitySample): QualityWarning[] {
  const out: QualityWarning[] = [];
  if (sample.rttMs !== null && sample.rttMs > QUALITY_LIMITS.rttMs) out.push('rtt');
  if (sample.jitterMs !== null && sample.jitterMs > QUALITY_LIMITS.jitterMs) out.push('jitter');
  if (sample.lossPercent !== null && sample.lossPercent > QUALITY_LIMITS.lossPercent) out.push('loss');
  if (sample.mos !== null && sample.mos < QUALITY_LIMITS.mos) out.push('mos');
  return out;
}

/** The per-call summary that goes to the institution with the call record. */
export interface QualityTracker {
  add(sample: QualitySample, snapshot: QualitySnapshot): void;
  summary(): CallQualitySummary;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function createQualityTracker(): QualityTracker {
  let samples = 0;
  let mosCount = 0;
  let mosSum = 0;
  let mosMin: number | null = null;
  let jitterMax: number | null = null;
  let rttMax: number | null = null;
  let last: QualitySnapshot | null = null;
  return {
    add(sample, snapshot) {
      samples += 1;
      last = snapshot;
      if (sample.mos !== null) {
        mosCount += 1;
        mosSum += sample.mos;
        mosMin = mosMin === null ? sample.mos : Math.min(mosMin, sample.mos);
      }
      if (sample.jitterMs !== null) jitterMax = Math.max(jitterMax ?? 0, sample.jitterMs);
      if (sample.rttMs !== null) rttMax = Math.max(rttMax ?? 0, sample.rttMs);
    },
    summary() {
      // Loss over the whole call: the counters are cumulative since the stream began.
      let lossPercent: number | null = null;
      if (last !== null) {
        const expected = last.packetsLost + last.packetsReceived;
        if (expected > 0) lossPercent = (100 * last.packetsLost) / expected;
      }
      return {
        samples: Math.min(samples, 1_000_000),
        mosMin: mosMin === null ? null : round(mosMin, 2),
        mosAvg: mosCount === 0 ? null : round(Math.min(4.5, Math.max(1, mosSum / mosCount)), 2),
        jitterMaxMs: jitterMax === null ? null : round(Math.min(jitterMax, 600_000), 1),
        rttMaxMs: rttMax === null ? null : round(Math.min(rttMax, 600_000), 1),
        lossPercent: lossPercent === null ? null : round(Math.min(100, lossPercent), 2),
      };
    },
  };
}
