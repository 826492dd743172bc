import type { AgentState, CallRecordArgs } from '../../../../electron/contract/phone.ts';
import type { CallEnd } from './causes.ts';
import type { EngineCall } from './engine.ts';
import { createQualityTracker, type QualitySample, type QualitySnapshot, type QualityTracker } from './quality.ts';
import type { FinishedWrapUp } from './wrap-up.ts';

/**
 * What the phone remembers of one call for its record (metadata only): ids, direction, the
 * far end masked at once (the full number never enters the log), times on the store's
 * clock, the agent states reported during it and the quality summary. Nothing here is kept
 * after the record is handed to core's outbox.
 */
export const MAX_STATE_STEPS = 32;

/** Every character but the last four becomes `*` (`13800138000` → `*******8000`); at most 28 stars. */
export function maskNumber(remote: string): string {
  const kept = remote.replace(/[^0-9A-Za-z#+]/g, '');
  if (kept === '') return '*';
  const clear = kept.slice(-4);
  return `${'*'.repeat(Math.min(28, kept.length - clear.length))}${clear}`;
}

export interface CallLog {
  callId: string;
  direction: EngineCall['direction'];
  remote: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  end: CallEnd | null;
  states: { state: AgentState; at: number }[];
  quality: QualityTracker;
}

export function startCallLog(call: EngineCall, now: number): CallLog {
  return {
    callId: call.callId,
    direction: call.direction,
    remote: maskNumber(call.remote),
    startedAt: now,
    answeredAt: null,
    endedAt: null,
    end: null,
    states: [],
    quality: createQualityTracker(),
  };
}

/** The call moved on: notes when it was answered (once). */
export function observeCall(log: CallLog, call: EngineCall, now: number): void {
  if (log.answeredAt === null && call.answeredAt !== null) log.answeredAt = now;
}

export function observeQuality(log: CallLog, sample: QualitySample, snapshot: QualitySnapshot): void {
  log.quality.add(sample, snapshot);
}

/** A reported agent state; repeats and anything past the bound are left out. */
export function observeState(log: CallLog, state: AgentState, now: number): void {
  const last = log.states[log.states.length - 1];
  if (last?.state === state || log.states.length >= MAX_STATE_STEPS) return;
  log.states.push({ state, at: now });
}

export function endCallLog(log: CallLog, end: CallEnd, now: number): void {
  log.endedAt = now;
  log.end = end;
}

const iso = (ms: number) => new Date(ms).toISOString();
const span = (from: number, to: number) => Math.min(86_400_000, Math.max(0, Math.round(to - from)));

/**
 * The record `phone.record-call` takes. `wrapUp` is the finished wrap-up of an answered
 * call, null for a call never answered (nothing to wrap up) or one left unfinished.
 */
export function buildCallRecord(log: CallLog, wrapUp: FinishedWrapUp | null, now: number): CallRecordArgs {
  const endedAt = log.endedAt ?? now;
  const answeredAt = log.answeredAt;
  const quality = log.quality.summary();
  return {
    callId: log.callId,
    direction: log.direction,
    remote: log.remote,
    startedAt: iso(log.startedAt),
    answeredAt: answeredAt === null ? null : iso(answeredAt),
    endedAt: iso(Math.max(endedAt, log.startedAt)),
    wrapUpEndedAt: wrapUp === null ? null : iso(wrapUp.endedAt),
    ringMs: span(log.startedAt, answeredAt ?? endedAt),
    talkMs: answeredAt === null ? 0 : span(answeredAt, endedAt),
    wrapUpMs: wrapUp === null ? 0 : span(wrapUp.startedAt, wrapUp.endedAt),
    wrapUpExtended: wrapUp?.extended ?? false,
    wrapUpOverdue: wrapUp?.overdue ?? false,
    end: log.end ?? 'failed',
    disposition: wrapUp?.disposition ?? null,
    states: log.states.map((s) => ({ state: s.state, at: iso(s.at) })),
    quality: quality.samples === 0 ? null : quality,
  };
}
