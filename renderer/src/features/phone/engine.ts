import type { SipCredentials } from '../../../../electron/contract/phone.ts';
import type { CallPhase } from './agent-state.ts';
import type { CallEnd, RegistrationProblem } from './causes.ts';
import type { MediaIndicators } from './media.ts';
import type { QualitySample, QualitySnapshot } from './quality.ts';

/**
 * The phone's engine: the one place that knows the SIP stack (jssip-engine.ts). The store
 * drives it through this interface and hears back through `EngineEvent`s; components never
 * see either. One call plus, while transferring, one consultation call; a further inbound
 * call is answered 486 Busy Here.
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

export type EngineProblem =
  | 'hold-busy'
  | 'dtmf-failed'
  | 'call-failed-to-start'
  | 'audio-blocked'
  | 'not-registered'
  | 'busy-with-call'
  /** The chosen microphone or speaker could not be switched to: the call goes on with the current one. */
  | 'device-switch-failed'
  | TransferProblem;

/** Transfer and conference outcomes the agent is told about (transfer.ts maps SIP to these). */
export type TransferProblem =
  | 'transfer-rejected'
  | 'transfer-target-busy'
  | 'transfer-target-unavailable'
  | 'transfer-failed'
  | 'transfer-not-possible'
  | 'conference-failed';

/** How DTMF leaves: RFC 4733 telephone-events in the RTP stream (default) or SIP INFO. */
export type DtmfTransport = 'rfc4733' | 'info';

/**
 * idle; 'blind': a REFER to the customer is out, waiting for the target to answer;
 * 'attended': a REFER with Replaces of the consultation call is out.
 */
export type TransferState = 'idle' | 'blind' | 'attended';

export type EngineEvent =
  | { type: 'registration'; registration: EngineRegistration }
  | { type: 'call'; call: EngineCall }
  | { type: 'call-ended'; callId: string; end: CallEnd }
  | { type: 'media'; callId: string; indicators: MediaIndicators }
  /** RTT, jitter, loss and the MOS estimate of the last interval (quality.ts), about once a second. */
  | { type: 'quality'; callId: string; snapshot: QualitySnapshot; sample: QualitySample }
  | { type: 'problem'; problem: EngineProblem }
  /** The consultation call (second leg, the customer held meanwhile); its media events use its callId. */
  | { type: 'consult'; call: EngineCall }
  | { type: 'consult-ended'; callId: string; end: CallEnd }
  | { type: 'transfer'; state: TransferState }
  /** The three-way conference (mixed on the desk) started or stopped. */
  | { type: 'conference'; active: boolean };

export interface PhoneEngine {
  /** Connects to the SBCs (highest weight first, failing over) and registers. */
  start(credentials: SipCredentials): void;
  /** New credentials for the running registration: re-registers with them. */
  renew(credentials: SipCredentials): void;
  /** Hangs up, unregisters and disconnects. */
  stop(): void;
  /** The microphone for new calls (null: the system default); switches a call that is up without dropping it, mute kept. */
  setInputDevice(id: string | null): void;
  /** Where the far end plays (null: the system default); applies at once, also mid-call. */
  setOutputDevice(id: string | null): void;
  /** Dials a checked number (dial.ts) in the operator's domain. */
  call(number: string): void;
  answer(): void;
  decline(): void;
  hangup(): void;
  setMuted(muted: boolean): void;
  setHeld(held: boolean): void;
  sendDtmf(tone: string, transport?: DtmfTransport): void;
  /** While busy (the agent is in wrap-up), a new inbound call is answered 486 Busy Here. */
  setBusy(busy: boolean): void;
  /** REFERs the customer to `number`; the agent's call ends ('transferred') once the target answered. */
  blindTransfer(number: string): void;
  /** Holds the customer and calls `number` as a consultation call. */
  startConsult(number: string): void;
  /** Hangs up the consultation call and resumes the customer. */
  cancelConsult(): void;
  /** REFERs the customer to the consulted party with Replaces; both of the agent's calls end ('transferred'). */
  completeTransfer(): void;
  /** Resumes the customer and mixes customer, consulted party and agent on this desk. */
  startConference(): void;
}

export type EngineFactory = (onEvent: (event: EngineEvent) => void) => PhoneEngine;
