import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AudioDevices } from '../../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../../electron/contract/errors.ts';
import { dialPlanAllows } from '../../../../institution/contract/dial-pattern.ts';
import { createAfterCall, initialAfterCallData } from './after-call.ts';
import { agentStateOf } from './agent-state.ts';
import { createCallHold } from './call-hold.ts';
import { RONA_REASON_CODE } from './causes.ts';
import { createCredentialRenewal } from './credential-renewal.ts';
import { checkNumber, isDtmfTone } from './dial.ts';
import type { EngineCall, EngineEvent, PhoneEngine } from './engine.ts';
import { holdIndicator, muteIndicator, NO_MEDIA, type MediaIndicators } from './media.ts';
import type { CallView, PhoneData, PhoneState, PhoneStoreDeps } from './phone-state.ts';
import { createStateReporter } from './state-reports.ts';
import { initialTransferData, transferActions, transferPatch } from './transfer-actions.ts';

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
    const callHold = activity ? createCallHold(activity) : null;
    const afterCall = createAfterCall({ get, set, act: (fn) => act(fn), report: () => reportIfChanged(), now, timers, records });

    // --- agent-state reports: every change, in order, one at a time (state-reports.ts) ---
    const reporter = createStateReporter((report) => settle(() => bridge.reportState(report)), {
      acknowledged: (report) => set({ reported: report }),
      readyHeld() {
        // The agent's choice is undone (not Ready, not a made-up not-ready reason) and the next report says so.
        set({ problem: 'kb-mandatory-pending', availability: { kind: 'unset' } });
        reportIfChanged();
      },
      failed: () => set({ problem: 'report-failed' }),
    });
    const reportIfChanged = () => {
      if (!started) return;
      const s = get();
      reporter.offer(agentStateOf(s.registration.status === 'registered', s.call, s.availability, afterCall.wrapUpCallId()), (next) => afterCall.stateReported(next));
    };

    // --- credentials: fetch, register or renew, renew before expiry (credential-renewal.ts) ---
    const renewal = createCredentialRenewal({
      credentials: () => settle(() => bridge.credentials()),
      active: () => started,
      failed(problem) {
        if (!engineStarted || get().registration.status !== 'registered') set({ registration: { status: 'unregistered', problem } });
      },
      received(credentials) {
        if (!engine) return;
        if (engineStarted) engine.renew(credentials);
        else {
          engineStarted = true;
          engine.start(credentials);
        }
      },
      now,
      timers,
    });

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
            if (started && r.problem !== null && r.problem !== 'network' && r.problem !== 'engine-unavailable') renewal.retryAfterRefusal();
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
        renewal.fetch();
      },
      stop() {
        if (!started) return;
        renewal.stop();
        engine?.stop();
        started = false;
        engine = null;
        engineStarted = false;
        reporter.reset();
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
