import type { EarlyMedia } from './jssip-early-media.ts';
import type { Leg, LegHost } from './jssip-leg.ts';
import type { MicPrewarm } from './mic-prewarm.ts';
import { SESSION_TIMERS_EXPIRES_SECONDS } from './session-timers.ts';

/**
 * Answering a ringing inbound leg (JsSIP): the plain way (JsSIP creates the connection and
 * the answer now) or, when the 183 with early media went out, by putting the microphone on
 * the sender in place of the ringback and repeating the 183's SDP in the 200 OK
 * (jssip-early-media.ts). Either way the microphone warmed while ringing is used when open.
 */
export interface AnswerDeps {
  host: LegHost;
  mic: MicPrewarm;
  constraints(): MediaStreamConstraints;
  pcConfig(): RTCConfiguration;
}

export function answerPlain(leg: Leg, deps: AnswerDeps): void {
  const stream = deps.mic.take();
  leg.session.answer({ mediaConstraints: deps.constraints(), pcConfig: deps.pcConfig(), sessionTimersExpires: SESSION_TIMERS_EXPIRES_SECONDS, ...(stream ? { mediaStream: stream } : {}) });
}

const stillRinging = (leg: Leg, host: LegHost) => host.isLive(leg) && !leg.session.isEnded();

/**
 * With the 183 out (its SDP known) and the microphone open, the caller is heard and the microphone
 * is on the sender before this returns — in the click's own task: an await first would let the
 * desk re-render (the engine's 'connecting' event) before the media switch, ≈ 15 ms in the real
 * desk on a loaded machine (bench/call-setup-click.ts). The 183 still on its way (an answer right
 * at the ring): waits for it.
 */
export function answerEarly(leg: Leg, early: EarlyMedia, deps: AnswerDeps): Promise<void> {
  if (early.sdp !== null) return answerWithEarlyMedia(leg, early, deps);
  return early.ready.then((sent) => {
    if (!sent) {
      leg.early = null;
      if (stillRinging(leg, deps.host)) answerPlain(leg, deps);
    } else if (stillRinging(leg, deps.host)) return answerWithEarlyMedia(leg, early, deps);
  });
}

/** Synchronous up to the 200 OK when the warmed microphone is open; otherwise it opens one first. */
async function answerWithEarlyMedia(leg: Leg, early: EarlyMedia, deps: AnswerDeps): Promise<void> {
  const { host, mic } = deps;
  let stream = mic.take();
  if (!stream) {
    try {
      stream = await navigator.mediaDevices.getUserMedia(deps.constraints());
    } catch {
      leg.endOverride = 'microphone-denied';
      if (stillRinging(leg, host)) leg.session.terminate({ status_code: 480 });
      return;
    }
    mic.adopt(stream);
    if (!stillRinging(leg, host)) return;
  }
  const track = stream.getAudioTracks()[0];
  if (!track) {
    leg.endOverride = 'microphone-denied';
    leg.session.terminate({ status_code: 480 });
    return;
  }
  // From the answer on, the caller is heard: the muted element that renders it since the ring is
  // unmuted right after the microphone goes on the sender, before the 200 OK is built.
  const unmute = () => {
    if (early.remote) host.remoteTrack(leg, early.remote);
  };
  const sent = early.answer(track, { pcConfig: deps.pcConfig(), sessionTimersExpires: SESSION_TIMERS_EXPIRES_SECONDS }, unmute);
  await sent.catch(() => {
    if (!leg.session.isEnded()) leg.session.terminate();
  });
}
