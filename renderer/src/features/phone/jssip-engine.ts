import { UA, WebSocketInterface } from 'jssip';
import type { DTMFOptions, EndEvent, RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent, UAConfiguration } from 'jssip/lib/UA';
import type { SipCredentials } from '../../../../electron/contract/phone.ts';
import { callEndOf, registrationProblemOf, type CallEnd } from './causes.ts';
import { displayNumber, targetUri } from './dial.ts';
import type { EngineCall, EngineEvent, EngineFactory, PhoneEngine } from './engine.ts';
import { createIceGate, DEFAULT_ICE_POLICY, type IceGate, type IcePolicy } from './ice-gate.ts';
import { mediaIndicators, type MediaSample } from './media.ts';
import { failoverWeights, orderServers } from './servers.ts';

/**
 * PhoneEngine over JsSIP 3.13. Everything JsSIP-specific lives in this file.
 *
 * - Registration: one UA per set of credentials; its sockets are the profile's SBCs with
 *   strictly decreasing weights (servers.ts), so JsSIP connects to the highest first and,
 *   when a socket fails, moves to the next after 1–4 s (`connection_recovery_*`), coming back
 *   round once all have failed. On every reconnect the UA re-registers by itself.
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
/** Seconds; a desk that vanished without unregistering is gone from the registrar within this. */
const REGISTER_EXPIRES = 300;

interface Current {
  session: RTCSession;
  call: EngineCall;
  gate: IceGate;
  pc: RTCPeerConnection | null;
  sampler: ReturnType<typeof setInterval> | null;
  lastSample: MediaSample | null;
  /** Set when we end the call for a reason JsSIP would not name (ICE gave up, hold failed). */
  endOverride: CallEnd | null;
  holdInFlight: boolean;
}

function callIdOf(event: RTCSessionEvent): string {
  const value = (event.request as { call_id?: unknown }).call_id;
  return typeof value === 'string' && value !== '' ? value : event.session.id;
}

export function jsSipEngine(options: JsSipEngineOptions): EngineFactory {
  const now = options.now ?? (() => Date.now());
  const ice = options.ice ?? DEFAULT_ICE_POLICY;
  const sampleMs = options.sampleIntervalMs ?? 1_000;
  const dtmfTransport = options.dtmfTransport ?? 'RFC2833';

  return (emit: (event: EngineEvent) => void): PhoneEngine => {
    let ua: UA | null = null;
    let credentials: SipCredentials | null = null;
    let stopping = false;
    let current: Current | null = null;

    const publish = () => {
      if (current) emit({ type: 'call', call: { ...current.call } });
    };
    const update = (patch: Partial<EngineCall>) => {
      if (!current) return;
      current.call = { ...current.call, ...patch };
      publish();
    };

    const sample = async (entry: Current) => {
      const pc = entry.pc;
      if (!pc || current !== entry) return;
      const sender = pc.getSenders().find((s) => s.track?.kind === 'audio');
      let packetsSent = 0;
      let packetsReceived = 0;
      let energyReceived = 0;
      try {
        const report = await pc.getStats();
        report.forEach((stat: { type?: string; kind?: string; packetsSent?: number; packetsReceived?: number; totalAudioEnergy?: number }) => {
          if (stat.kind !== 'audio') return;
          if (stat.type === 'outbound-rtp') packetsSent += stat.packetsSent ?? 0;
          if (stat.type === 'inbound-rtp') {
            packetsReceived += stat.packetsReceived ?? 0;
            energyReceived += stat.totalAudioEnergy ?? 0;
          }
        });
      } catch {
        return; // closed meanwhile
      }
      if (current !== entry) return;
      const next: MediaSample = { at: now(), senderEnabled: sender?.track ? sender.track.enabled : null, packetsSent, packetsReceived, energyReceived };
      const indicators = mediaIndicators(entry.lastSample, next);
      entry.lastSample = next;
      emit({ type: 'media', callId: entry.call.callId, indicators });
    };
    const startSampling = (entry: Current) => {
      if (entry.sampler !== null) return;
      // The sample is async; a slow one is skipped over, never queued.
      let busy = false;
      const tick = () => {
        if (busy) return;
        busy = true;
        void sample(entry).finally(() => {
          busy = false;
        });
      };
      entry.sampler = setInterval(tick, sampleMs);
      tick();
    };

    const finish = (entry: Current, end: CallEnd) => {
      if (current !== entry) return;
      if (entry.sampler !== null) clearInterval(entry.sampler);
      entry.gate.dispose();
      current = null;
      options.audio.srcObject = null;
      emit({ type: 'call-ended', callId: entry.call.callId, end });
    };

    const wirePeerConnection = (entry: Current, pc: RTCPeerConnection) => {
      if (entry.pc === pc) return;
      entry.pc = pc;
      pc.addEventListener('track', (event) => {
        if (event.track.kind !== 'audio' || current !== entry) return;
        options.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
        options.audio.play().catch(() => emit({ type: 'problem', problem: 'audio-blocked' }));
      });
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'gathering') entry.gate.gathering();
        else if (pc.iceGatheringState === 'complete') entry.gate.complete();
      });
    };

    const adopt = (event: RTCSessionEvent) => {
      const session = event.session;
      const inbound = event.originator === 'remote';
      if (current !== null) {
        // One call at a time: a second inbound call is busy here.
        if (inbound) session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
        return;
      }
      const remoteUri = session.remote_identity.uri;
      const entry: Current = {
        session,
        call: {
          callId: callIdOf(event),
          direction: inbound ? 'inbound' : 'outbound',
          remote: displayNumber(remoteUri.user ? remoteUri.user : String(remoteUri)),
          phase: inbound ? 'ringing' : 'dialing',
          answeredAt: null,
          muteRequested: false,
          holdRequested: false,
          holdActive: false,
        },
        gate: createIceGate(ice, () => {
          entry.endOverride = 'ice-timeout';
          session.terminate();
        }),
        pc: null,
        sampler: null,
        lastSample: null,
        endOverride: null,
        holdInFlight: false,
      };
      current = entry;
      const live = () => current === entry;
      session.on('peerconnection', ({ peerconnection }) => wirePeerConnection(entry, peerconnection));
      // An outgoing session has its connection before newRTCSession fires.
      const existing = session.connection as RTCPeerConnection | undefined;
      if (existing) wirePeerConnection(entry, existing);
      session.on('icecandidate', ({ candidate, ready }) => {
        if (live()) entry.gate.candidate(candidate, ready);
      });
      session.on('progress', () => {
        if (live() && !inbound) update({ phase: 'progress' });
      });
      session.on('accepted', () => {
        if (!live()) return;
        update({ phase: 'connecting', answeredAt: now() });
        startSampling(entry);
      });
      session.on('confirmed', () => {
        if (!live()) return;
        update({ phase: 'active', answeredAt: entry.call.answeredAt ?? now() });
        startSampling(entry);
      });
      const ended = (e: EndEvent) => {
        const answered = entry.call.answeredAt !== null;
        const end = entry.endOverride ?? (entry.holdInFlight && e.cause === 'WebRTC Error' ? 'hold-failed' : callEndOf(e.cause, e.originator, answered));
        finish(entry, end);
      };
      session.on('ended', ended);
      session.on('failed', ended);
      session.on('getusermediafailed', () => {
        entry.endOverride = 'microphone-denied';
      });
      publish();
    };

    const stopUa = () => {
      const old = ua;
      ua = null;
      if (!old) return;
      stopping = true;
      old.stop();
      stopping = false;
    };

    const startUa = (creds: SipCredentials) => {
      stopUa();
      const sockets = failoverWeights(orderServers(creds.servers)).map((s) => ({ socket: new WebSocketInterface(s.url), weight: s.weight }));
      const config: UAConfiguration = {
        sockets,
        uri: creds.uri,
        authorization_user: creds.username,
        password: creds.password,
        register: true,
        register_expires: REGISTER_EXPIRES,
        connection_recovery_min_interval: 1,
        connection_recovery_max_interval: 4,
        user_agent: 'ChannelDesk',
      };
      const next = new UA(config);
      ua = next;
      const mine = () => ua === next && !stopping;
      let server: string | null = null;
      next.on('connecting', (e) => {
        server = e.socket.url;
        if (mine()) emit({ type: 'registration', registration: { status: 'registering', server } });
      });
      next.on('connected', (e) => {
        server = e.socket.url;
      });
      next.on('disconnected', () => {
        if (mine()) emit({ type: 'registration', registration: { status: 'unregistered', problem: 'network' } });
      });
      next.on('registered', () => {
        if (mine()) emit({ type: 'registration', registration: { status: 'registered', server: server ?? '' } });
      });
      next.on('unregistered', () => {
        if (mine()) emit({ type: 'registration', registration: { status: 'unregistered', problem: 'server' } });
      });
      next.on('registrationFailed', (e) => {
        if (mine()) emit({ type: 'registration', registration: { status: 'unregistered', problem: registrationProblemOf(e.cause, e.response?.status_code) } });
      });
      next.on('newRTCSession', (e: RTCSessionEvent) => {
        if (ua === next) adopt(e);
      });
      next.start();
    };

    const withCall = (act: (entry: Current) => void) => {
      if (current) act(current);
    };

    return {
      start(creds) {
        credentials = creds;
        startUa(creds);
      },
      renew(creds) {
        const previous = credentials;
        credentials = creds;
        const sameServers = previous !== null && JSON.stringify(orderServers(previous.servers)) === JSON.stringify(orderServers(creds.servers));
        if (!ua || (!sameServers && current === null) || previous?.uri !== creds.uri) {
          startUa(creds);
          return;
        }
        // Same SBCs (or a call is up): new digest credentials, then a fresh REGISTER.
        ua.set('authorization_user', creds.username);
        ua.set('password', creds.password);
        if (ua.isConnected()) ua.register();
      },
      stop() {
        withCall((entry) => entry.session.terminate());
        credentials = null;
        const old = ua;
        if (old) {
          ua = null;
          stopping = true;
          // stop() unregisters first when registered, then closes the socket.
          old.stop();
          stopping = false;
        }
        emit({ type: 'registration', registration: { status: 'unregistered', problem: null } });
      },
      call(number) {
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
        withCall((entry) => {
          if (entry.call.phase !== 'ringing') return;
          entry.session.answer({ mediaConstraints: MEDIA, pcConfig: PC_CONFIG });
          update({ phase: 'connecting' });
        });
      },
      decline() {
        withCall((entry) => {
          if (entry.call.phase === 'ringing') entry.session.terminate({ status_code: 603, reason_phrase: 'Decline' });
        });
      },
      hangup() {
        withCall((entry) => entry.session.terminate());
      },
      setMuted(muted) {
        withCall((entry) => {
          if (entry.call.answeredAt === null) return;
          if (muted) entry.session.mute({ audio: true });
          else entry.session.unmute({ audio: true });
          update({ muteRequested: muted });
          void sample(entry);
        });
      },
      setHeld(held) {
        withCall((entry) => {
          if (entry.call.phase !== 'active' || entry.call.holdRequested === held) return;
          entry.holdInFlight = true;
          const done = () => {
            entry.holdInFlight = false;
            if (current !== entry) return;
            update({ holdActive: held });
            void sample(entry);
          };
          const started = held ? entry.session.hold({}, done) : entry.session.unhold({}, done);
          if (!started) {
            entry.holdInFlight = false;
            emit({ type: 'problem', problem: 'hold-busy' });
            return;
          }
          update({ holdRequested: held });
        });
      },
      sendDtmf(tone) {
        withCall((entry) => {
          if (entry.call.phase !== 'active') return;
          try {
            entry.session.sendDTMF(tone, { duration: 100, interToneGap: 70, transportType: dtmfTransport as DTMFOptions['transportType'] });
          } catch {
            emit({ type: 'problem', problem: 'dtmf-failed' });
          }
        });
      },
    };
  };
}
