import type { AgentStateReport, CallRecordArgs, PhoneCodes } from '../../../../electron/contract/phone.ts';
import type { DeskResult } from '../../../../electron/contract/errors.ts';
import { buildCallRecord, endCallLog, observeCall, observeQuality, observeState, startCallLog, type CallLog } from './call-record.ts';
import type { CallEnd } from './causes.ts';
import type { EngineCall, PhoneEngine } from './engine.ts';
import { qualityWarnings, type QualitySample, type QualitySnapshot, type QualityWarning } from './quality.ts';
import * as wrapUps from './wrap-up.ts';

/**
 * The phone store's "after the call" part (phone-store.ts spreads it in): the call's log
 * for its record, live call quality, wrap-up (话后整理) and the record's hand-over to core.
 *
 * - An answered call goes to wrap-up when it ends, whoever ended it: the agent state is
 *   话后整理 with the call id, inbound calls are answered 486 by the engine meanwhile, and
 *   dialing waits. The agent finishes with a disposition (early, on time, or late: past the
 *   deadline the card says 超时 and still asks — it never goes Ready by itself) or extends
 *   once. Then the agent is back in the availability they chose (示闲 or 示忙 with reason;
 *   they may change it during wrap-up, it takes effect after).
 * - A call never answered has no wrap-up: its record goes at once.
 * - The record (call-record.ts) goes to `phone.record-call` after the state that follows
 *   wrap-up has been reported, so its state history ends with it.
 */
export interface WrapUpView {
  callId: string;
  remote: string;
  startedAt: number;
  deadline: number;
  extended: boolean;
  overdue: boolean;
  disposition: string | null;
}

export interface LiveQuality {
  callId: string;
  sample: QualitySample;
  warnings: QualityWarning[];
}

export interface AfterCallData {
  wrapUp: WrapUpView | null;
  quality: LiveQuality | null;
}

export type AfterCallProblem = wrapUps.WrapUpProblem | 'wrap-up-pending' | 'record-failed';

export interface AfterCallActions {
  chooseDisposition(code: string | null): void;
  /** Finishes wrap-up with the chosen disposition. */
  finishWrapUp(): void;
  /** Once per wrap-up, by the policy's time. */
  extendWrapUp(): void;
}

/** `desk.phone.recordCall` (channels.ts `phone.record-call`). */
export interface CallRecordBridge {
  recordCall(record: CallRecordArgs): Promise<DeskResult<null>>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface StoreAccess {
  get(): AfterCallData & { codes: PhoneCodes | null };
  set(patch: Partial<AfterCallData> & { problem?: AfterCallProblem | null }): void;
  act(fn: (engine: PhoneEngine) => void): void;
  /** Re-evaluates and queues the agent-state report (phone-store's reportIfChanged). */
  report(): void;
  now(): number;
  timers: Timers;
  records: CallRecordBridge | undefined;
}

/** Until the institution's list arrives (or if it never does): the demo institution's default. */
const DEFAULT_WRAP_UP_SECONDS = 30;

export function initialAfterCallData(): AfterCallData {
  return { wrapUp: null, quality: null };
}

export function createAfterCall(s: StoreAccess) {
  let log: CallLog | null = null;
  let wrapUp: wrapUps.WrapUp | null = null;
  let overdueTimer: unknown = null;

  const clearOverdueTimer = () => {
    if (overdueTimer !== null) s.timers.clearTimeout(overdueTimer);
    overdueTimer = null;
  };
  const publish = () => {
    if (wrapUp === null || log === null) {
      s.set({ wrapUp: null });
      return;
    }
    const now = s.now();
    s.set({ wrapUp: { callId: wrapUp.callId, remote: log.remote, startedAt: wrapUp.startedAt, deadline: wrapUp.deadline, extended: wrapUp.extended, overdue: wrapUps.isOverdue(wrapUp, now), disposition: wrapUp.disposition } });
  };
  // One timer at the deadline flips the card to overdue; the countdown itself is the card's.
  const armOverdue = () => {
    clearOverdueTimer();
    if (wrapUp === null) return;
    const ms = wrapUps.remainingMs(wrapUp, s.now());
    if (ms <= 0) return;
    overdueTimer = s.timers.setTimeout(() => {
      overdueTimer = null;
      publish();
    }, ms);
  };

  const send = (record: CallRecordArgs) => {
    if (s.records === undefined) return;
    void s.records.recordCall(record).then(
      (result) => {
        if (!result.ok) s.set({ problem: 'record-failed' });
      },
      () => s.set({ problem: 'record-failed' }),
    );
  };

  const close = (finished: wrapUps.FinishedWrapUp | null) => {
    wrapUp = null;
    clearOverdueTimer();
    s.set({ wrapUp: null, quality: null });
    s.act((e) => e.setBusy(false));
    // The state after the call is reported (and logged) first, so the record's history ends with it.
    s.report();
    const done = log;
    log = null;
    if (done !== null) send(buildCallRecord(done, finished, s.now()));
  };

  const actions: AfterCallActions = {
    chooseDisposition(code) {
      if (wrapUp === null) return;
      wrapUp = wrapUps.chooseDisposition(wrapUp, code === '' ? null : code);
      s.set({ problem: null });
      publish();
    },
    finishWrapUp() {
      if (wrapUp === null) return;
      const dispositions = (s.get().codes?.dispositions ?? []).map((d) => d.code);
      const result = wrapUps.finishWrapUp(wrapUp, s.now(), dispositions);
      if (!result.ok) {
        s.set({ problem: result.problem });
        return;
      }
      s.set({ problem: null });
      close(result.finished);
    },
    extendWrapUp() {
      if (wrapUp === null) return;
      const result = wrapUps.extendWrapUp(wrapUp, s.now());
      if (!result.ok) {
        s.set({ problem: result.problem });
        return;
      }
      wrapUp = result.wrapUp;
      publish();
      armOverdue();
    },
  };

  return {
    actions,
    /** True while wrap-up holds the agent (dialing waits, inbound calls are busy). */
    inWrapUp: () => wrapUp !== null,
    /** The call id the agent state reports wrap-up for, or null. */
    wrapUpCallId: () => wrapUp?.callId ?? null,

    /** A call event for the main call. */
    callSeen(call: EngineCall) {
      if (log === null || log.callId !== call.callId) {
        // A new main call while the last one is still logged — its end was never heard, or the
        // consultation became the call when the customer left during a transfer: the last one
        // is filed as it stands (no disposition) and its wrap-up, if any, gives way to the call.
        if (log !== null) {
          if (wrapUp !== null) {
            wrapUp = null;
            clearOverdueTimer();
            s.set({ wrapUp: null });
            s.act((e) => e.setBusy(false));
          }
          send(buildCallRecord(log, null, s.now()));
        }
        log = startCallLog(call, s.now());
        s.set({ quality: null });
      }
      observeCall(log, call, s.now());
    },

    qualitySeen(callId: string, snapshot: QualitySnapshot, sample: QualitySample) {
      if (log === null || log.callId !== callId || wrapUp !== null) return;
      observeQuality(log, sample, snapshot);
      s.set({ quality: { callId, sample, warnings: qualityWarnings(sample) } });
    },

    callEnded(callId: string, end: CallEnd) {
      if (log === null || log.callId !== callId) return;
      endCallLog(log, end, s.now());
      s.set({ quality: null });
      if (log.answeredAt === null) {
        close(null);
        return;
      }
      const seconds = s.get().codes?.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS;
      wrapUp = wrapUps.startWrapUp(callId, s.now(), seconds);
      s.act((e) => e.setBusy(true));
      publish();
      armOverdue();
    },

    /** A state the store just queued for the institution. */
    stateReported(report: AgentStateReport) {
      if (log !== null) observeState(log, report.state, s.now());
    },

    /** The phone stops (sign-out): an unfinished wrap-up is dropped with its timer. */
    stop() {
      clearOverdueTimer();
      log = null;
      wrapUp = null;
    },
  };
}

export type AfterCall = ReturnType<typeof createAfterCall>;
