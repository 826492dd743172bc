import type { AudioDevices } from '../../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../../electron/contract/errors.ts';
import type { AgentStateReport, PhoneCodes, SipCredentials } from '../../../../electron/contract/phone.ts';
import type { CompiledPattern } from '../../../../institution/contract/dial-pattern.ts';
import type { AfterCallActions, AfterCallData, AfterCallProblem, CallRecordBridge, Timers } from './after-call.ts';
import type { Availability } from './agent-state.ts';
import type { ActivityBridge } from './call-hold.ts';
import type { CallEnd, RegistrationProblem } from './causes.ts';
import type { EngineCall, EngineFactory, EngineProblem } from './engine.ts';
import type { HoldIndicator, MediaIndicators, MuteIndicator } from './media.ts';
import type { TransferActions, TransferData } from './transfer-actions.ts';

/* What the phone's store holds and offers, and what it is built from (phone-store.ts is the behaviour). */

/** The desk's `phone.*` calls (channels.ts: phone.credentials, phone.report-state, phone.codes); `desk.phone` is one. */
export interface PhoneBridge {
  credentials(): Promise<DeskResult<SipCredentials>>;
  reportState(report: AgentStateReport): Promise<DeskResult<null>>;
  codes(): Promise<DeskResult<PhoneCodes>>;
}

export type RegistrationView =
  | { status: 'off' }
  | { status: 'registering'; server: string | null; lastProblem: RegistrationProblem | null }
  | { status: 'registered'; server: string }
  | { status: 'unregistered'; problem: RegistrationProblem | null };

export interface CallView extends EngineCall {
  media: MediaIndicators;
  hold: HoldIndicator;
  mute: MuteIndicator;
}

export type PhoneProblem =
  | EngineProblem
  | 'number-empty'
  | 'number-invalid'
  | 'number-too-long'
  | 'dtmf-invalid'
  | 'codes-failed'
  | 'report-failed'
  | 'reason-required'
  /** The institution's dial plan does not allow the number (policy.dialPlan): refused before dialing. */
  | 'number-not-in-plan'
  /** A ring timed out at the SBC (ring-no-answer): the phone went 示忙 with the institution's RONA reason. */
  | 'rona-not-ready'
  /** Ready (示闲) refused: mandatory knowledge-base reads wait (the desk's gate, or the institution's 409). */
  | 'kb-mandatory-pending'
  | AfterCallProblem;

export interface PhoneData extends TransferData<CallView>, AfterCallData {
  registration: RegistrationView;
  call: CallView | null;
  /** How the last call ended, shown until the next one starts. */
  lastEnd: { end: CallEnd; remote: string } | null;
  availability: Availability;
  codes: PhoneCodes | null;
  /** The latest thing the agent must read (a refused number, a failed hold …), or null. */
  problem: PhoneProblem | null;
  /** The number field (the dial pad types into it too). */
  number: string;
  /** The last state the institution acknowledged. */
  reported: AgentStateReport | null;
  /** The audio devices in use (devices/device-store.ts; null: the system default). */
  audioDevices: AudioDevices;
  /** Where the ringtone plays (the agent's ringer choice while plugged in); null: the system default. */
  ringerDeviceId: string | null;
}

export interface PhoneActions extends TransferActions, AfterCallActions {
  /** Fetches codes and credentials, then registers; renews the credentials before they expire. */
  start(): void;
  /** Hangs up, unregisters, stops every timer. */
  stop(): void;
  setNumber(value: string): void;
  /** Checks the number field and dials it. */
  dial(): void;
  answer(): void;
  decline(): void;
  hangup(): void;
  toggleMute(): void;
  toggleHold(): void;
  dtmf(tone: string): void;
  setAvailability(availability: Availability): void;
  dismissProblem(): void;
  /** The devices to use now: the engine switches microphone and speaker, also mid-call. */
  applyAudioDevices(devices: AudioDevices): void;
}

export type PhoneState = PhoneData & PhoneActions;

export interface PhoneStoreDeps {
  bridge: PhoneBridge;
  /** Core's activity holds: held while a call rings or runs, so the idle lock never locks over it. */
  activity?: ActivityBridge;
  /** Where finished calls' records go (`desk.phone`); without it nothing is recorded (tests). */
  records?: CallRecordBridge;
  engine: EngineFactory;
  /** The institution's dial plan as it is now (policy.dialPlan, compiled); null: any well-formed number. */
  dialPlan?: () => readonly CompiledPattern[] | null;
  now?: () => number;
  timers?: Timers;
  /** True while Ready must wait (mandatory KB reads, features/kb/mandatory); absent: never. */
  readyGate?: () => boolean;
}

