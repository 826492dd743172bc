import type { SipCredentials } from '../../../../electron/contract/phone.ts';
import type { CallPhase } from './agent-state.ts';
import type { CallEnd, RegistrationProblem } from './causes.ts';
import type { MediaIndicators } from './media.ts';

/**
 * The phone's engine: the one place that knows the SIP stack (jssip-engine.ts). The store
 * drives it through this interface and hears back through `EngineEvent`s; components never
 * see either. One call at a time in this increment: a second inbound call while one exists
 * is answered 486 Busy Here.
 */
export type EngineRegistration =
  | { status: 'registering'; server: string | null }
  | { status: 'registered'; server: string }
  /** problem null: we stopped on purpose. */
  | { status: 'unregistered'; problem: RegistrationProblem | null };

export interface EngineCall {
  /** The SIP Call-ID. */
  callId: string;
  direction: 'inbound' | 'outbound';
  /** Who is on the other end, as the agent would recognise it (user part or number). */
  remote: string;
  phase: CallPhase;
  /** When the call was answered (ms, the engine's clock); null before. */
  answeredAt: number | null;
  muteRequested: boolean;
  holdRequested: boolean;
  /** The far end accepted our last hold (true) or resume (false) re-INVITE. */
  holdActive: boolean;
}

export type EngineProblem = 'hold-busy' | 'dtmf-failed' | 'call-failed-to-start' | 'audio-blocked' | 'not-registered' | 'busy-with-call';

export type EngineEvent =
  | { type: 'registration'; registration: EngineRegistration }
  | { type: 'call'; call: EngineCall }
  | { type: 'call-ended'; callId: string; end: CallEnd }
  | { type: 'media'; callId: string; indicators: MediaIndicators }
  | { type: 'problem'; problem: EngineProblem };

export interface PhoneEngine {
  /** Connects to the SBCs (highest weight first, failing over) and registers. */
  start(credentials: SipCredentials): void;
  /** New credentials for the running registration: re-registers with them. */
  renew(credentials: SipCredentials): void;
  /** Hangs up, unregisters and disconnects. */
  stop(): void;
  /** Dials a checked number (dial.ts) in the operator's domain. */
  call(number: string): void;
  answer(): void;
  decline(): void;
  hangup(): void;
  setMuted(muted: boolean): void;
  setHeld(held: boolean): void;
  sendDtmf(tone: string): void;
}

export type EngineFactory = (onEvent: (event: EngineEvent) => void) => PhoneEngine;
