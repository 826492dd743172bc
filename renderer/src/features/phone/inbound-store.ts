import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CallerCustomer } from '../../../../institution/contract/caller-api.ts';
import { isCallerNumber, maskCallerNumber } from '../../../../institution/contract/caller-mask.ts';
import type { AutoAnswerPolicy } from '../../../../institution/contract/dial-plan.ts';
import type { CallerLookup, IncomingCallNotice, LookupCallerArgs, NoticeShown } from '../../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../../electron/contract/errors.ts';
import type { CallPhase } from './agent-state.ts';
import type { Ringer } from './ringer.ts';

/**
 * What happens around a ringing call, beside the call itself (phone-store.ts):
 *
 * - the **ringtone** on the ringer device, from the first ring to answer, decline or the
 *   caller giving up;
 * - a **desktop notification** (main's `notify.incoming-call`) when the agent cannot see the
 *   desk — the window is not focused or visible, or the screen is locked — with the masked
 *   caller only;
 * - the **screen pop**: the caller's customer data, masked by the institution
 *   (`phone.lookup-caller`), from the ring until the call ends;
 * - **auto-answer** when the policy enables it and the agent is Ready (示闲, not in wrap-up
 *   or 示忙): answered after `delaySeconds`, with a countdown the agent can cancel.
 *
 * The store is fed the phone's state (`sync`) by inbound-context.tsx; the decisions are
 * here, so they are tested without a browser.
 */
export interface InboundCall {
  callId: string;
  direction: 'inbound' | 'outbound';
  phase: CallPhase;
  remote: string;
}

export interface InboundInput {
  call: InboundCall | null;
  /** 示闲 and not in wrap-up: the only state auto-answer acts in. */
  ready: boolean;
  locked: boolean;
  /** The window has focus and is visible: the agent sees the desk. */
  attended: boolean;
  autoAnswer: AutoAnswerPolicy | null;
  /** The ringer device chosen by the agent; null: the system default. */
  ringerDeviceId: string | null;
}

export type ScreenPop =
  | { callId: string; caller: string; status: 'loading' | 'unknown' | 'failed' | 'no-number' }
  | { callId: string; caller: string; status: 'found'; customer: CallerCustomer };

export interface InboundData {
  pop: ScreenPop | null;
  /** The ringing call auto-answer will answer, and when (ms, the store's clock). */
  autoAnswer: { callId: string; answerAt: number } | null;
}

export interface InboundActions {
  sync(input: InboundInput): void;
  /** The agent stops the countdown; the call keeps ringing (answer or decline by hand). */
  cancelAutoAnswer(): void;
  /** Sign-out: silent, no timers. */
  dispose(): void;
}

export type InboundState = InboundData & InboundActions;

export interface InboundDeps {
  ringer: Ringer;
  lookUp(args: LookupCallerArgs): Promise<DeskResult<CallerLookup>>;
  notify(notice: IncomingCallNotice): Promise<DeskResult<NoticeShown>>;
  /** Takes the notification back once its call no longer rings (`notify.incoming-call-ended`). */
  endNotice(): Promise<DeskResult<null>>;
  /** The phone store's answer (it answers only a ringing call). */
  answer(): void;
  /** The notification's fixed texts in the agent's language; `body` holds `{caller}` once. */
  noticeTexts(): { title: string; body: string };
  now?: () => number;
  timers?: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

const SEPARATORS = /[\s\-().]/g;

/** The caller's number as the institution files it, or null when the caller has none (a SIP name). */
export function callerNumberOf(remote: string): string | null {
  const number = remote.replace(SEPARATORS, '');
  return isCallerNumber(number) ? number : null;
}

/** The caller as a notification or the lock screen may show it (contract: MaskedCaller). */
export function maskedCaller(remote: string): string {
  const number = callerNumberOf(remote);
  if (number !== null) return maskCallerNumber(number);
  const short = remote.replace(SEPARATORS, '');
  return /^[0-9]{1,2}$/.test(short) ? short : '***';
}

const ringingInbound = (call: InboundCall | null): InboundCall | null => (call !== null && call.direction === 'inbound' && call.phase === 'ringing' ? call : null);

export function createInboundStore(deps: InboundDeps): StoreApi<InboundState> {
  const now = deps.now ?? (() => Date.now());
  const timers = deps.timers ?? { setTimeout: (run: () => void, ms: number): unknown => setTimeout(run, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
  return createStore<InboundState>()((set, get) => {
    let input: InboundInput | null = null;
    let notifiedCallId: string | null = null;
    let noticeOpen = false;
    let autoAnswerCancelledFor: string | null = null;
    let autoAnswerTimer: unknown = null;
    let disposed = false;

    const clearAutoAnswer = () => {
      if (autoAnswerTimer !== null) timers.clearTimeout(autoAnswerTimer);
      autoAnswerTimer = null;
      if (get().autoAnswer !== null) set({ autoAnswer: null });
    };

    const startPop = (call: InboundCall) => {
      const number = callerNumberOf(call.remote);
      const caller = maskedCaller(call.remote);
      if (number === null) {
        set({ pop: { callId: call.callId, caller, status: 'no-number' } });
        return;
      }
      set({ pop: { callId: call.callId, caller, status: 'loading' } });
      void deps
        .lookUp({ number })
        .catch((): DeskResult<CallerLookup> => ({ ok: false, error: { code: 'internal' } }))
        .then((result) => {
          // The call may have ended (or another begun) while the institution answered.
          if (disposed || get().pop?.callId !== call.callId) return;
          if (!result.ok) set({ pop: { callId: call.callId, caller, status: 'failed' } });
          else if (result.value.customer === null) set({ pop: { callId: call.callId, caller, status: 'unknown' } });
          else set({ pop: { callId: call.callId, caller, status: 'found', customer: result.value.customer } });
        });
    };

    const notify = (call: InboundCall) => {
      notifiedCallId = call.callId;
      noticeOpen = true;
      const texts = deps.noticeTexts();
      // A refusal or an unsupported system is not the agent's problem: the ring and the banner remain.
      void deps.notify({ title: texts.title, body: texts.body, caller: maskedCaller(call.remote) }).catch(() => undefined);
    };

    const scheduleAutoAnswer = (call: InboundCall, policy: AutoAnswerPolicy) => {
      const delayMs = policy.delaySeconds * 1000;
      set({ autoAnswer: { callId: call.callId, answerAt: now() + delayMs } });
      autoAnswerTimer = timers.setTimeout(() => {
        autoAnswerTimer = null;
        const still = ringingInbound(input?.call ?? null);
        set({ autoAnswer: null });
        // Only the same call, still ringing, with the agent still Ready.
        if (!disposed && still?.callId === call.callId && input?.ready === true && input.autoAnswer?.enabled === true) deps.answer();
      }, delayMs);
    };

    return {
      pop: null,
      autoAnswer: null,
      sync(next) {
        if (disposed) return;
        input = next;
        const ringing = ringingInbound(next.call);

        if (ringing) deps.ringer.start(next.ringerDeviceId);
        else deps.ringer.stop();

        if (next.call === null || next.call.direction !== 'inbound') {
          if (get().pop !== null) set({ pop: null });
        } else if (get().pop?.callId !== next.call.callId) startPop(next.call);

        if (ringing && notifiedCallId !== ringing.callId && (!next.attended || next.locked)) notify(ringing);
        else if (noticeOpen && ringing?.callId !== notifiedCallId) {
          noticeOpen = false;
          void deps.endNotice().catch(() => undefined);
        }

        const policy = next.autoAnswer;
        const wanted = ringing !== null && policy?.enabled === true && next.ready && autoAnswerCancelledFor !== ringing.callId;
        if (!wanted) clearAutoAnswer();
        else if (ringing && policy && get().autoAnswer?.callId !== ringing.callId) {
          clearAutoAnswer();
          scheduleAutoAnswer(ringing, policy);
        }
      },
      cancelAutoAnswer() {
        const pending = get().autoAnswer;
        if (pending === null) return;
        autoAnswerCancelledFor = pending.callId;
        clearAutoAnswer();
      },
      dispose() {
        disposed = true;
        deps.ringer.stop();
        if (noticeOpen) void deps.endNotice().catch(() => undefined);
        noticeOpen = false;
        if (autoAnswerTimer !== null) timers.clearTimeout(autoAnswerTimer);
        autoAnswerTimer = null;
        set({ pop: null, autoAnswer: null });
      },
    };
  });
}
