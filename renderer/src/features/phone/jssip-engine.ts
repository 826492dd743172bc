import type { DTMFOptions } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { CallEnd } from './causes.ts';
import { targetUri } from './dial.ts';
import type { EngineFactory, PhoneEngine } from './engine.ts';
import { DEFAULT_ICE_POLICY, type IcePolicy } from './ice-gate.ts';
import { createLeg, publishLeg, updateLeg, type Leg, type LegHost } from './jssip-leg.ts';
import { sampleLeg, stopSampling } from './jssip-media.ts';
import { createRegistrar } from './jssip-ua.ts';

/**
 * PhoneEngine over JsSIP 3.13. Everything JsSIP-specific lives in the jssip-*.ts files:
 * registration and SBC failover (jssip-ua.ts), a call leg's session wiring (jssip-leg.ts),
 * its media wiring and sampling (jssip-media.ts); this file holds the calls and the
 * PhoneEngine commands.
 *
 * - Media: audio only; `bundlePolicy: 'balanced'` (Chromium's max-bundle offer fails against
 *   rtpengine 10.5 — no BUNDLE group in its answer → 488); no ICE servers until the profile's
 *   TURN servers come with credentials (the WebRTC guard would refuse any other).
 * - Bounded ICE: every offer and answer goes out through ice-gate.ts, never after a full
 *   gathering; a gathering that yields no candidate by the cap ends the call (`ice-timeout`).
 * - Remote audio plays through the `<audio>` element it is given (Chromium decodes a remote
 *   track only when it is attached to a media element).
 * - Media state: about once a second the sender's track and the RTP counters are sampled
 *   (media.ts), so mute and hold indicators follow the media, not the buttons.
 */
export interface JsSipEngineOptions {
  /** Plays the far end. Kept by the caller (in the document) so Chromium decodes the track. */
  audio: HTMLAudioElement;
  ice?: IcePolicy;
  sampleIntervalMs?: number;
  now?: () => number;
  /** 'RFC2833' (RFC 4733 telephone-events in the RTP stream, default) or 'INFO'. */
  dtmfTransport?: 'RFC2833' | 'INFO';
}

const PC_CONFIG: RTCConfiguration = { iceServers: [], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' };
const MEDIA: MediaStreamConstraints = { audio: true, video: false };

export function jsSipEngine(options: JsSipEngineOptions): EngineFactory {
  const dtmfTransport = options.dtmfTransport ?? 'RFC2833';

  return (emit): PhoneEngine => {
    let current: Leg | null = null;

    const host: LegHost = {
      sampleMs: options.sampleIntervalMs ?? 1_000,
      ice: options.ice ?? DEFAULT_ICE_POLICY,
      now: options.now ?? (() => Date.now()),
      isLive: (leg) => current === leg,
      emit,
      remoteTrack(_leg, stream) {
        options.audio.srcObject = stream;
        options.audio.play().catch(() => emit({ type: 'problem', problem: 'audio-blocked' }));
      },
      ended(leg, end: CallEnd) {
        if (current !== leg) return;
        stopSampling(leg);
        leg.gate.dispose();
        current = null;
        options.audio.srcObject = null;
        emit({ type: 'call-ended', callId: leg.call.callId, end });
      },
    };

    const adopt = (event: RTCSessionEvent) => {
      if (current !== null) {
        // One call at a time: a second inbound call is busy here.
        if (event.originator === 'remote') event.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
        return;
      }
      const leg = createLeg(event, host);
      current = leg;
      publishLeg(leg, host);
    };

    const registrar = createRegistrar(emit, adopt);

    const withCall = (act: (leg: Leg) => void) => {
      if (current) act(current);
    };

    return {
      start(creds) {
        registrar.start(creds);
      },
      renew(creds) {
        registrar.renew(creds, current !== null);
      },
      stop() {
        withCall((leg) => leg.session.terminate());
        registrar.stop();
      },
      call(number) {
        const ua = registrar.ua;
        const credentials = registrar.credentials;
        if (!ua || !credentials || !ua.isRegistered()) {
          emit({ type: 'problem', problem: 'not-registered' });
          return;
        }
        if (current) {
          emit({ type: 'problem', problem: 'busy-with-call' });
          return;
        }
        try {
          ua.call(targetUri(number, credentials.uri), {
            mediaConstraints: MEDIA,
            pcConfig: PC_CONFIG,
            rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
          });
        } catch {
          emit({ type: 'problem', problem: 'call-failed-to-start' });
        }
      },
      answer() {
        withCall((leg) => {
          if (leg.call.phase !== 'ringing') return;
          leg.session.answer({ mediaConstraints: MEDIA, pcConfig: PC_CONFIG });
          updateLeg(leg, host, { phase: 'connecting' });
        });
      },
      decline() {
        withCall((leg) => {
          if (leg.call.phase === 'ringing') leg.session.terminate({ status_code: 603, reason_phrase: 'Decline' });
        });
      },
      hangup() {
        withCall((leg) => leg.session.terminate());
      },
      setMuted(muted) {
        withCall((leg) => {
          if (leg.call.answeredAt === null) return;
          if (muted) leg.session.mute({ audio: true });
          else leg.session.unmute({ audio: true });
          updateLeg(leg, host, { muteRequested: muted });
          void sampleLeg(leg, host);
        });
      },
      setHeld(held) {
        withCall((leg) => {
          if (leg.call.phase !== 'active' || leg.call.holdRequested === held) return;
          leg.holdInFlight = true;
          const done = () => {
            leg.holdInFlight = false;
            if (current !== leg) return;
            updateLeg(leg, host, { holdActive: held });
            void sampleLeg(leg, host);
          };
          const started = held ? leg.session.hold({}, done) : leg.session.unhold({}, done);
          if (!started) {
            leg.holdInFlight = false;
            emit({ type: 'problem', problem: 'hold-busy' });
            return;
          }
          updateLeg(leg, host, { holdRequested: held });
        });
      },
      sendDtmf(tone) {
        withCall((leg) => {
          if (leg.call.phase !== 'active') return;
          try {
            leg.session.sendDTMF(tone, { duration: 100, interToneGap: 70, transportType: dtmfTransport as DTMFOptions['transportType'] });
          } catch {
            emit({ type: 'problem', problem: 'dtmf-failed' });
          }
        });
      },
    };
  };
}
