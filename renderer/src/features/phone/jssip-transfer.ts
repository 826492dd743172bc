import type { RTCSession } from 'jssip/lib/RTCSession';
import { startMixer, type ConferenceMixer } from './conference-mixer.ts';
import { targetUri } from './dial.ts';
import type { EngineEvent, PhoneEngine, TransferProblem, TransferState } from './engine.ts';
import type { Leg, LegHost } from './jssip-leg.ts';
import { referOutcomeProblem, referRefusedProblem } from './transfer.ts';

/**
 * A REFER on a call (RFC 3515) and what comes back: the REFER's own answer, then NOTIFYs
 * whose body is the status line of the transferee's INVITE to the target. With `replaces`
 * (attended transfer, RFC 3891) the Refer-To carries `?Replaces=<call-id;to-tag;from-tag>` of
 * that consultation dialog, so the target swaps its call with us for the customer's.
 */
export interface ReferOutcome {
  /** The transferee reached the target (NOTIFY with a 2xx). */
  accepted(): void;
  failed(problem: TransferProblem): void;
}

interface StatusLine {
  status_code?: unknown;
}

export function sendRefer(session: RTCSession, target: string, replaces: RTCSession | null, outcome: ReferOutcome): boolean {
  let settled = false;
  const settle = (act: () => void) => {
    if (settled) return;
    settled = true;
    act();
  };
  try {
    session.refer(target, {
      ...(replaces ? { replaces } : {}),
      eventHandlers: {
        requestFailed: (e: { response?: { status_code?: number } | null }) => settle(() => outcome.failed(referRefusedProblem(e.response?.status_code ?? null))),
        accepted: () => settle(() => outcome.accepted()),
        failed: (e: { status_line?: StatusLine }) => {
          const code = typeof e.status_line?.status_code === 'number' ? e.status_line.status_code : Number(e.status_line?.status_code ?? 0);
          settle(() => outcome.failed(referOutcomeProblem(code)));
        },
      },
    });
    return true;
  } catch {
    return false;
  }
}

/** The engine's calls: the main one, the consultation, the conference mix, the transfer under way. */
export interface Calls {
  main: Leg | null;
  consult: Leg | null;
  mixer: ConferenceMixer | null;
  transfer: TransferState;
}

/** What the transfer commands need of the engine (jssip-engine.ts). */
export interface TransferContext {
  calls: Calls;
  host: LegHost;
  emit(event: EngineEvent): void;
  /** The agent's own SIP URI (targets are dialled in its domain); null before registration. */
  ownUri(): string | null;
  setTransfer(state: TransferState): void;
  setLegHeld(leg: Leg, held: boolean, after?: () => void): void;
  /** Dials `number` as the main call or as the consultation; false when it could not start. */
  dial(number: string, asConsult: boolean): boolean;
  stopMixer(): void;
}

/** After a completed attended transfer the target BYEs our consultation call itself; if not by then, we do. */
const CONSULT_LINGER_MS = 4_000;

export type TransferCommands = Pick<PhoneEngine, 'blindTransfer' | 'startConsult' | 'cancelConsult' | 'completeTransfer' | 'startConference'>;

export function transferCommands(ctx: TransferContext): TransferCommands {
  const { calls, host, emit, setTransfer, setLegHeld, dial, stopMixer } = ctx;

  /** The main call is answered and nothing else is going on: a transfer may start. */
  const transferable = (): Leg | null => {
    if (!calls.main || calls.main.call.phase !== 'active' || calls.transfer !== 'idle' || calls.mixer) {
      emit({ type: 'problem', problem: 'transfer-not-possible' });
      return null;
    }
    return calls.main;
  };

  const endAsTransferred = (leg: Leg | null) => {
    if (!leg || !host.isLive(leg)) return;
    leg.endOverride = 'transferred';
    try {
      leg.session.terminate();
    } catch {
      // Already ending: the 'ended' event reports it.
    }
  };

  return {
    blindTransfer(number) {
      const leg = calls.consult === null ? transferable() : null;
      const own = ctx.ownUri();
      if (!leg || own === null) return;
      setTransfer('blind');
      const started = sendRefer(leg.session, targetUri(number, own), null, {
        accepted: () => endAsTransferred(leg),
        failed: (problem) => {
          if (!host.isLive(leg)) return;
          setTransfer('idle');
          emit({ type: 'problem', problem });
        },
      });
      if (!started) {
        setTransfer('idle');
        emit({ type: 'problem', problem: 'transfer-failed' });
      }
    },
    startConsult(number) {
      const leg = calls.consult === null ? transferable() : null;
      if (!leg) return;
      setLegHeld(leg, true);
      if (!dial(number, true)) setLegHeld(leg, false);
    },
    cancelConsult() {
      if (!calls.consult || calls.transfer === 'attended') return;
      stopMixer();
      calls.consult.session.terminate();
    },
    completeTransfer() {
      const customer = calls.main;
      const target = calls.consult;
      if (!customer || !target || target.call.phase !== 'active' || calls.transfer !== 'idle') {
        emit({ type: 'problem', problem: 'transfer-not-possible' });
        return;
      }
      stopMixer();
      setTransfer('attended');
      const started = sendRefer(customer.session, target.session.remote_identity.uri.toString(), target.session, {
        accepted: () => {
          endAsTransferred(customer);
          // The target ends our consultation itself once the customer's call replaced it.
          setTimeout(() => endAsTransferred(target), CONSULT_LINGER_MS);
        },
        failed: (problem) => {
          if (calls.transfer === 'attended') setTransfer('idle');
          emit({ type: 'problem', problem });
          if (calls.consult === null && calls.main?.call.holdRequested) setLegHeld(calls.main, false);
        },
      });
      if (!started) {
        setTransfer('idle');
        emit({ type: 'problem', problem: 'transfer-failed' });
      }
    },
    startConference() {
      const a = calls.main;
      const b = calls.consult;
      if (!a || !b || b.call.phase !== 'active' || calls.mixer || calls.transfer !== 'idle') {
        emit({ type: 'problem', problem: 'transfer-not-possible' });
        return;
      }
      setLegHeld(a, false, () => {
        if (!a.pc || !b.pc || calls.main !== a || calls.consult !== b) return;
        startMixer(a.pc, b.pc).then(
          (started) => {
            if (calls.main !== a || calls.consult !== b) {
              void started.stop();
              return;
            }
            calls.mixer = started;
            emit({ type: 'conference', active: true });
          },
          () => emit({ type: 'problem', problem: 'conference-failed' }),
        );
      });
    },
  };
}
