import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AudioDevices } from '../../../../electron/contract/channels.ts';
import type { AgentStateReport, PhoneCodes, SipCredentials } from '../../../../electron/contract/phone.ts';
import type { DeskError, DeskResult } from '../../../../electron/contract/errors.ts';
import { createAfterCall, initialAfterCallData, type AfterCallActions, type AfterCallData, type AfterCallProblem, type CallRecordBridge } from './after-call.ts';
import { agentStateOf, sameReport, type Availability } from './agent-state.ts';
import { createCallHold, type ActivityBridge } from './call-hold.ts';
import { RONA_REASON_CODE, type CallEnd, type RegistrationProblem } from './causes.ts';
import { dialPlanAllows, type CompiledPattern } from '../../../../institution/contract/dial-pattern.ts';
import { checkNumber, isDtmfTone } from './dial.ts';
import type { EngineCall, EngineEvent, EngineFactory, EngineProblem, PhoneEngine } from './engine.ts';
import { holdIndicator, muteIndicator, NO_MEDIA, type HoldIndicator, type MediaIndicators, type MuteIndicator } from './media.ts';
import { renewalDelayMs, renewalRetryDelayMs } from './renewal.ts';
import { initialTransferData, transferActions, transferPatch, type TransferActions, type TransferData } from './transfer-actions.ts';

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

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

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

/** Fatal for this session: retrying cannot help until IT or the institution changes something. */
function credentialProblemOf(error: DeskError): RegistrationProblem {
  if (error.code === 'phone_not_configured') return 'not-configured';
  if (error.code === 'permission_denied') return 'not-permitted';
  return 'credentials';
}
const isFinal = (problem: RegistrationProblem) => problem === 'not-configured' || problem === 'not-permitted';

async function settle<T>(call: () => Promise<DeskResult<T>>): Promise<DeskResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: 'internal' } };
  }
}

const NO_DEVICES: AudioDevices = Object.freeze({ microphone: null, speaker: null, ringer: null });

export function initialPhoneData(): PhoneData {
  return { registration: { status: 'off' }, call: null, lastEnd: null, availability: { kind: 'unset' }, codes: null, problem: null, number: '', reported: null, audioDevices: NO_DEVICES, ringerDeviceId: null, ...initialTransferData<CallView>(), ...initialAfterCallData() };
}

export function createPhoneStore({ bridge, activity, records, engine: makeEngine, dialPlan = () => null, now = () => Date.now(), timers = globalThis, readyGate = () => false }: PhoneStoreDeps): StoreApi<PhoneState> {
  return createStore<PhoneState>()((set, get) => {
    let engine: PhoneEngine | null = null;
    let started = false;
    let engineStarted = false;
    let renewTimer: unknown = null;
    let credentialsExpireAt = 0;
    let failedFetches = 0;
    let fetching = false;
    const callHold = activity ? createCallHold(activity) : null;
    const afterCall = createAfterCall({ get, set, act: (fn) => act(fn), report: () => reportIfChanged(), now, timers, records });

    // --- agent-state reports: every change, in order, one at a time ---
    const queue: AgentStateReport[] = [];
    let lastQueued: AgentStateReport | null = null;
    let draining = false;
    const drain = async () => {
      if (draining) return;
      draining = true;
      while (queue.length > 0) {
        const report = queue.shift() as AgentStateReport;
        const result = await settle(() => bridge.reportState(report));
        if (result.ok) set({ reported: report });
        else if (result.error.code === 'kb_mandatory_pending' && report.state === 'ready') {
          // The institution holds Ready until mandatory reads are acknowledged: the agent's
          // choice is undone (not Ready, not a made-up not-ready reason) and the next report says so.
          set({ problem: 'kb-mandatory-pending', availability: { kind: 'unset' } });
          reportIfChanged();
        } else set({ problem: 'report-failed' });
      }
      draining = false;
    };
    const reportIfChanged = () => {
      if (!started) return;
      const s = get();
      const next = agentStateOf(s.registration.status === 'registered', s.call, s.availability, afterCall.wrapUpCallId());
      if (sameReport(lastQueued, next)) return;
      lastQueued = next;
      queue.push(next);
      afterCall.stateReported(next);
      void drain();
    };

    // --- credentials: fetch, register or renew, schedule the next renewal ---
    const clearRenewal = () => {
      if (renewTimer !== null) timers.clearTimeout(renewTimer);
      renewTimer = null;
    };
    const scheduleFetch = (ms: number) => {
      clearRenewal();
      renewTimer = timers.setTimeout(() => {
        renewTimer = null;
        void fetchCredentials();
      }, ms);
    };
    const fetchCredentials = async () => {
      if (!started || fetching) return;
      fetching = true;
      const issuedAt = now();
      const result = await settle(() => bridge.credentials());
      fetching = false;
      if (!started) return;
      if (!result.ok) {
        const problem = credentialProblemOf(result.error);
        failedFetches += 1;
        if (!engineStarted || get().registration.status !== 'registered') set({ registration: { status: 'unregistered', problem } });
        if (!isFinal(problem)) scheduleFetch(renewalRetryDelayMs(failedFetches, now(), credentialsExpireAt));
        return;
      }
      failedFetches = 0;
      const credentials = result.value;
      credentialsExpireAt = credentials.expiresAt;
      if (!engine) return;
      if (engineStarted) engine.renew(credentials);
      else {
        engineStarted = true;
        engine.start(credentials);
      }
      scheduleFetch(renewalDelayMs(now(), issuedAt, credentials.expiresAt));
    };

    // --- the engine's news ---
    const onEvent = (event: EngineEvent) => {
      if (!started && event.type !== 'registration') return;
      const transferSide = transferPatch(event, get(), viewOf);
      if (transferSide) set(transferSide);
      switch (event.type) {
        case 'registration': {
          const r = event.registration;
          if (r.status === 'registered') set({ registration: { status: 'registered', server: r.server } });
          else if (r.status === 'registering') {
            const before = get().registration;
            const lastProblem = before.status === 'unregistered' ? before.problem : before.status === 'registering' ? before.lastProblem : null;
            set({ registration: { status: 'registering', server: r.server, lastProblem } });
          } else {
            set({ registration: started ? { status: 'unregistered', problem: r.problem } : { status: 'off' } });
            // The SBC refused or did not answer the REGISTER: new credentials, a new attempt.
            // (A lost connection is the stack's to recover: it reconnects and re-registers.)
            if (started && r.problem !== null && r.problem !== 'network' && r.problem !== 'engine-unavailable') {
              failedFetches += 1;
              scheduleFetch(renewalRetryDelayMs(failedFetches, now(), credentialsExpireAt));
            }
          }
          break;
        }
        case 'call': {
          const before = get().call;
          const media = before && before.callId === event.call.callId ? before.media : NO_MEDIA;
          set({
            call: viewOf(event.call, media),
            ...(before === null ? { lastEnd: null } : {}),
          });
          afterCall.callSeen(event.call);
          break;
        }
        case 'quality':
          afterCall.qualitySeen(event.callId, event.snapshot, event.sample);
          break;
        case 'media': {
          const call = get().call;
          if (call && call.callId === event.callId) set({ call: viewOf(call, event.indicators) });
          break;
        }
        case 'call-ended': {
          const call = get().call;
          set({ call: null, lastEnd: { end: event.end, remote: call?.remote ?? '' } });
          // Ring-no-answer: a Ready agent who let the queue's ring time out is taken out (示忙, the
          // institution's RONA reason) rather than rung again; a caller's CANCEL leaves them Ready.
          // Before callEnded, which reports the state after the call first.
          if (event.end === 'unanswered' && get().availability.kind === 'ready' && (get().codes?.notReadyReasons ?? []).some((r) => r.code === RONA_REASON_CODE)) {
            set({ availability: { kind: 'not-ready', reasonCode: RONA_REASON_CODE }, problem: 'rona-not-ready' });
          }
          afterCall.callEnded(event.callId, event.end);
          break;
        }
        case 'problem':
          set({ problem: event.problem });
          break;
      }
      callHold?.sync(started && get().call !== null);
      reportIfChanged();
    };

    const act = (fn: (e: PhoneEngine) => void) => {
      if (engine && started) fn(engine);
    };

    return {
      ...initialPhoneData(),
      start() {
        if (started) return;
        started = true;
        engine = makeEngine(onEvent);
        // Only a choice is passed on: the engine starts on the system defaults.
        const devices = get().audioDevices;
        if (devices.microphone !== null) engine.setInputDevice(devices.microphone);
        if (devices.speaker !== null) engine.setOutputDevice(devices.speaker);
        set({ registration: { status: 'registering', server: null, lastProblem: null } });
        reportIfChanged();
        void settle(() => bridge.codes()).then((result) => {
          if (!started) return;
          if (result.ok) set({ codes: result.value });
          else set({ problem: 'codes-failed' });
        });
        void fetchCredentials();
      },
      stop() {
        if (!started) return;
        clearRenewal();
        engine?.stop();
        started = false;
        engine = null;
        engineStarted = false;
        queue.length = 0;
        lastQueued = null;
        afterCall.stop();
        // The devices belong to the operator, not to this run of the phone.
        set({ ...initialPhoneData(), audioDevices: get().audioDevices, ringerDeviceId: get().ringerDeviceId });
        callHold?.sync(false);
      },
      setNumber(value) {
        set({ number: value.slice(0, 64) });
      },
      dial() {
        if (afterCall.inWrapUp()) {
          set({ problem: 'wrap-up-pending' });
          return;
        }
        const check = checkNumber(get().number);
        if (!check.ok) {
          set({ problem: check.problem === 'empty' ? 'number-empty' : check.problem === 'invalid' ? 'number-invalid' : 'number-too-long' });
          return;
        }
        // Before anything reaches the SIP stack: a number outside the plan is never dialled.
        if (!dialPlanAllows(dialPlan(), check.number)) {
          set({ problem: 'number-not-in-plan', number: check.number });
          return;
        }
        set({ problem: null, number: check.number });
        act((e) => e.call(check.number));
      },
      answer: () => act((e) => e.answer()),
      decline: () => act((e) => e.decline()),
      hangup: () => act((e) => e.hangup()),
      toggleMute() {
        const call = get().call;
        if (call) act((e) => e.setMuted(!call.muteRequested));
      },
      toggleHold() {
        const call = get().call;
        if (call) act((e) => e.setHeld(!call.holdRequested));
      },
      dtmf(tone) {
        if (!isDtmfTone(tone)) {
          set({ problem: 'dtmf-invalid' });
          return;
        }
        act((e) => e.sendDtmf(tone, get().dtmfTransport));
      },
      setAvailability(availability) {
        if (availability.kind === 'not-ready' && !(get().codes?.notReadyReasons ?? []).some((r) => r.code === availability.reasonCode)) {
          set({ problem: 'reason-required' });
          return;
        }
        if (availability.kind === 'ready' && readyGate()) {
          set({ problem: 'kb-mandatory-pending' });
          return;
        }
        set({ availability });
        reportIfChanged();
      },
      applyAudioDevices(devices) {
        const before = get().audioDevices;
        set({ audioDevices: devices, ringerDeviceId: devices.ringer });
        if (engine && devices.microphone !== before.microphone) engine.setInputDevice(devices.microphone);
        if (engine && devices.speaker !== before.speaker) engine.setOutputDevice(devices.speaker);
      },
      dismissProblem() {
        set({ problem: null });
      },
      ...transferActions<CallView>({ get, set, act }),
      ...afterCall.actions,
    };
  });
}

function viewOf(call: EngineCall, media: MediaIndicators): CallView {
  return {
    ...call,
    media,
    hold: holdIndicator(call.holdRequested, call.holdActive, media.mic),
    mute: muteIndicator(call.muteRequested, media.mic),
  };
}
