import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { CallEnd } from './causes.ts';
import { targetUri } from './dial.ts';
import type { DtmfTransport, EngineFactory, PhoneEngine, TransferState } from './engine.ts';
import { createEngineDevices } from './engine-devices.ts';
import { DEFAULT_ICE_POLICY, type IcePolicy } from './ice-gate.ts';
import { createLeg, holdLeg, publishLeg, updateLeg, type Leg, type LegHost } from './jssip-leg.ts';
import { answerEarly, answerPlain, type AnswerDeps } from './jssip-answer.ts';
import { inCallCommands } from './jssip-in-call.ts';
import { canAnswerEarly, startEarlyMedia } from './jssip-early-media.ts';
import { createMicPrewarm } from './mic-prewarm.ts';
import { browserRingback, type Ringback } from './ringback.ts';
import { reconnectWatch } from './reconnect-refresh.ts';
import { playRemote, stopRemote } from './remote-playout.ts';
import { stopSampling } from './jssip-media.ts';
import { transferCommands, type Calls, type TransferContext } from './jssip-transfer.ts';
import { createRegistrar } from './jssip-ua.ts';
import { FIRST_DIAL, sessionRetry, type SessionTimers } from './jssip-session-retry.ts';
import { consultEndProblem } from './transfer.ts';

/**
 * PhoneEngine over JsSIP 3.13. Everything JsSIP-specific lives in the jssip-*.ts files:
 * registration and SBC failover (jssip-ua.ts), a call leg's session wiring (jssip-leg.ts),
 * its media wiring and sampling (jssip-media.ts), REFER (jssip-transfer.ts), mute / hold / DTMF /
 * device switches (jssip-in-call.ts); this file holds the calls, how they start and end, and
 * the remaining PhoneEngine commands.
 *
 * - Calls: the main call, and while transferring a consultation call (the main one held).
 *   Blind transfer REFERs the customer to the target; attended transfer REFERs it with
 *   Replaces of the consultation dialog; either way our call ends ('transferred') only once
 *   the NOTIFY says the target answered, so a busy target leaves the customer with the agent.
 *   Conference: both calls live, mixed here (conference-mixer.ts).
 * - Media: audio only; `bundlePolicy: 'balanced'` (Chromium's max-bundle offer fails against
 *   rtpengine 10.5 — no BUNDLE group in its answer → 488); ICE servers: those core hands with
 *   the credentials (the profile's STUN servers; TURN once the institution issues credentials).
 * - Bounded ICE: every offer and answer goes out through ice-gate.ts, never after a full
 *   gathering; a gathering that yields no candidate by the cap ends the call (`ice-timeout`).
 * - Remote audio plays through the `<audio>` elements it is given (Chromium decodes a remote
 *   track only when it is attached to a media element): the main call's, the consultation's.
 * - Early media (jssip-early-media.ts, policy.earlyMedia): a ringing call's offer is answered in a
 *   183 with a generated ringback on the sender, so ICE/DTLS are up before the click; the
 *   caller's audio is rendered on the muted element while ringing (decoder and jitter buffer
 *   running, nothing audible) and unmuted when the agent answers, the microphone goes on the sender then.
 * - Media state: about once a second the sender's track and the RTP counters are sampled
 *   (media.ts), so mute and hold indicators follow the media, not the buttons.
 */
export interface JsSipEngineOptions {
  /** Plays the far end. Kept by the caller (in the document) so Chromium decodes the track. */
  audio: HTMLAudioElement;
  /** Plays the consultation call's far end; one is made (outside the document) when not given. */
  consultAudio?: HTMLAudioElement;
  ice?: IcePolicy;
  sampleIntervalMs?: number;
  now?: () => number;
  /** The default when sendDtmf names none: RFC 4733 telephone-events in the RTP stream. */
  dtmfTransport?: DtmfTransport;
  /** Answer a ringing call's offer in a 183 with a generated ringback (policy.earlyMedia; read per call, default on). */
  earlyMedia?: () => boolean;
  ringback?: () => Ringback;
}

const PC_CONFIG: RTCConfiguration = { iceServers: [], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' };

export function jsSipEngine(options: JsSipEngineOptions): EngineFactory {
  const defaultDtmf = options.dtmfTransport ?? 'rfc4733';
  const consultAudio = options.consultAudio ?? new Audio();

  return (emit): PhoneEngine => {
    const calls: Calls = { main: null, consult: null, mixer: null, transfer: 'idle' };
    // The chosen microphone and speaker (engine-devices.ts), switched mid-call without dropping it.
    const devices = createEngineDevices();
    // A call still ringing with early media sends the ringback: a microphone switch must not reach it.
    const livePcs = () =>
      [calls.main, calls.consult].flatMap((leg) => (leg?.pc && (!leg.early || leg.early.answered) ? [leg.pc] : []));
    // The microphone opens while an inbound call rings, so answering does not wait for getUserMedia (mic-prewarm.ts).
    const mic = createMicPrewarm(() => navigator.mediaDevices.getUserMedia(devices.constraints()));
    // The ICE servers core hands with the credentials (the profile's STUN servers), read per call.
    const pcConfig = (): RTCConfiguration => ({ ...PC_CONFIG, iceServers: registrar.credentials?.iceServers ?? [] });
    /** ua.call fires newRTCSession synchronously: this says which slot the new session fills. */
    let dialingConsult = false;

    const elementOf = (leg: Leg) => (leg === calls.consult ? consultAudio : options.audio);
    const setTransfer = (state: TransferState) => {
      if (calls.transfer === state) return;
      calls.transfer = state;
      emit({ type: 'transfer', state });
    };
    const stopMixer = () => {
      if (!calls.mixer) return;
      const old = calls.mixer;
      calls.mixer = null;
      void old.stop();
      emit({ type: 'conference', active: false });
      for (const leg of [calls.main, calls.consult]) {
        if (!leg || leg.session.isEnded()) continue;
        // The mixer gave the original tracks back enabled: JsSIP must not think them muted, or its next mute() would do nothing.
        if (leg.session.isMuted().audio) leg.session.unmute({ audio: true });
        if (leg.call.muteRequested) updateLeg(leg, host, { muteRequested: false });
      }
    };

    const host: LegHost = {
      sampleMs: options.sampleIntervalMs ?? 1_000,
      ice: options.ice ?? DEFAULT_ICE_POLICY,
      now: options.now ?? (() => Date.now()),
      isLive: (leg) => leg === calls.main || leg === calls.consult,
      emit: (event) => {
        // The consultation leg speaks as 'consult'; its media events carry its own callId.
        if (event.type === 'call' && calls.consult !== null && event.call.callId === calls.consult.call.callId) emit({ type: 'consult', call: event.call });
        else emit(event);
      },
      micTrack: () => calls.mixer?.mic ?? null,
      remoteTrack(leg, stream) {
        // Early media: while ringing the caller is rendered on the MUTED element (decoder and jitter
        // buffer running, nothing audible); the answer calls this again with the same stream to unmute.
        if (leg.early) leg.early.remote = stream;
        playRemote(elementOf(leg), stream, leg.early !== null && !leg.early.answered, () => emit({ type: 'problem', problem: 'audio-blocked' }));
      },
      ended(leg, end: CallEnd) {
        if (leg !== calls.main && leg !== calls.consult) return;
        stopSampling(leg);
        leg.gate.dispose();
        leg.early?.stop();
        stopMixer();
        // A microphone we switched to for this leg is closed with it.
        devices.release(livePcs().filter((pc) => pc !== leg.pc));
        if (leg === calls.consult) {
          calls.consult = null;
          stopRemote(consultAudio);
          // During an attended transfer the target BYEs our consultation once replaced: the REFER's outcome decides.
          const handedOver = calls.transfer === 'attended';
          emit({ type: 'consult-ended', callId: leg.call.callId, end: handedOver ? 'transferred' : end });
          if (handedOver) return;
          const problem = consultEndProblem(end, leg.call.answeredAt !== null);
          if (problem) emit({ type: 'problem', problem });
          // Back to the customer.
          if (calls.main?.call.holdRequested) setLegHeld(calls.main, false);
          return;
        }
        calls.main = null;
        mic.release();
        // Also unmutes: a call that ended while ringing leaves the element muted.
        stopRemote(options.audio);
        setTransfer('idle');
        emit({ type: 'call-ended', callId: leg.call.callId, end });
        const rest = calls.consult as Leg | null;
        if (rest && end !== 'transferred') {
          // The customer left during the consultation: the consulted call becomes the call.
          calls.consult = null;
          calls.main = rest;
          options.audio.srcObject = consultAudio.srcObject;
          consultAudio.srcObject = null;
          void options.audio.play().catch(() => undefined);
          emit({ type: 'consult-ended', callId: rest.call.callId, end: 'local-hangup' });
          publishLeg(rest, host);
        }
      },
      retried: (leg, response) => retry.retried(leg, response),
    };

    // The agent is in wrap-up (话后整理): inbound calls are not for them until it is finished.
    let busy = false;
    const adopt = (event: RTCSessionEvent) => {
      const asConsult = dialingConsult && event.originator === 'local';
      if ((calls.main !== null && !asConsult) || calls.consult !== null || (busy && event.originator === 'remote')) {
        // One call (plus a consultation) at a time: a further inbound call is busy here.
        if (event.originator === 'remote') event.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
        return;
      }
      const leg = createLeg(event, host);
      // A re-dial after 422 continues the call the agent already sees (jssip-session-retry.ts).
      const continuing = retry.continuing();
      if (continuing && event.originator === 'local') leg.call = { ...continuing };
      if (asConsult) calls.consult = leg;
      else calls.main = leg;
      if (!asConsult && event.originator === 'remote') {
        mic.warm();
        const request = event.request as IncomingRequest;
        if ((options.earlyMedia?.() ?? true) && canAnswerEarly(event.session, request)) {
          leg.early = startEarlyMedia(event.session, request, pcConfig(), options.ringback ?? browserRingback);
        }
      }
      publishLeg(leg, host);
    };

    // Registered again after a lost WebSocket: a re-INVITE gives the far end our new Contact (reconnect-refresh.ts).
    const watchReconnect = reconnectWatch(() => {
      for (const leg of [calls.main, calls.consult]) {
        if (leg && leg.call.phase === 'active' && !leg.holdInFlight) leg.session.renegotiate({ rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false } });
      }
    });
    const registrar = createRegistrar((event) => {
      watchReconnect(event);
      emit(event);
    }, adopt);

    const dial = (number: string, asConsult: boolean, timers: SessionTimers = FIRST_DIAL): boolean => {
      const ua = registrar.ua;
      const credentials = registrar.credentials;
      if (!ua || !credentials || !ua.isRegistered()) {
        emit({ type: 'problem', problem: 'not-registered' });
        return false;
      }
      dialingConsult = asConsult;
      try {
        ua.call(targetUri(number, credentials.uri), {
          mediaConstraints: devices.constraints(),
          pcConfig: pcConfig(),
          rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
          sessionTimersExpires: timers.expires,
        });
        const leg = asConsult ? calls.consult : calls.main;
        if (!leg) return false;
        retry.dialled(leg, number, timers);
        return true;
      } catch {
        emit({ type: 'problem', problem: 'call-failed-to-start' });
        return false;
      } finally {
        dialingConsult = false;
      }
    };

    const retry = sessionRetry(calls, dial);

    const answering: AnswerDeps = { host, mic, constraints: () => devices.constraints(), pcConfig };

    const setLegHeld = (leg: Leg, held: boolean, after?: () => void) => holdLeg(leg, host, held, after);

    const ctx: TransferContext = {
      calls,
      host,
      emit,
      ownUri: () => registrar.credentials?.uri ?? null,
      setTransfer,
      setLegHeld,
      dial,
      stopMixer,
    };

    return {
      start(creds) {
        registrar.start(creds);
      },
      renew(creds) {
        registrar.renew(creds, calls.main !== null);
      },
      stop() {
        for (const leg of [calls.consult, calls.main]) if (leg) leg.session.terminate();
        mic.release();
        registrar.stop();
      },
      call(number) {
        if (calls.main) {
          emit({ type: 'problem', problem: 'busy-with-call' });
          return;
        }
        dial(number, false);
      },
      answer() {
        const leg = calls.main;
        if (!leg || leg.call.phase !== 'ringing') return;
        // The media first (jssip-answer.ts): the event below re-renders the desk.
        if (leg.early) void answerEarly(leg, leg.early, answering);
        else answerPlain(leg, answering);
        if (host.isLive(leg) && leg.call.phase === 'ringing') updateLeg(leg, host, { phase: 'connecting' });
      },
      decline() {
        if (calls.main?.call.phase === 'ringing') calls.main.session.terminate({ status_code: 603, reason_phrase: 'Decline' });
      },
      hangup() {
        // In a conference the agent's leaving ends it for all: the mix lives on this desk.
        if (calls.mixer && calls.consult) calls.consult.session.terminate();
        calls.main?.session.terminate();
      },
      setBusy(value) {
        busy = value;
      },
      ...inCallCommands({ calls, host, emit, setLegHeld, devices, livePcs, audioElements: [options.audio, consultAudio], dtmfTransport: defaultDtmf }),
      ...transferCommands(ctx),
    };
  };
}
