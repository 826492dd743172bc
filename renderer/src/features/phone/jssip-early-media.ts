import type { RTCSession, SDPEvent } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { Ringback } from './ringback.ts';

/**
 * Early media for an inbound call (JsSIP 3.13.8 specifics; the policy switch is
 * `policy.earlyMedia`, docs/architecture.md "Early media").
 *
 * While the agent is rung, the desk answers the INVITE's offer in a 183 Session Progress, so
 * ICE and DTLS with the relay are done before the click. The desk's sender carries a
 * generated ringback (ringback.ts), never the microphone; the caller's audio is rendered on a
 * MUTED element while ringing (the engine, jssip-engine.ts: Chromium decodes and runs its jitter
 * buffer only for a track attached to a playing media element, so playout is already running
 * at the answer) and unmuted at the answer; nothing of it is audible or kept before. On answer the sender's track
 * is replaced by the microphone (`RTCRtpSender.replaceTrack`, no renegotiation) and the 200 OK
 * carries exactly the 183's SDP.
 *
 * JsSIP 3.13.8 creates an incoming call's RTCPeerConnection only inside `answer()` and has no
 * API for a 183 with SDP. So this file uses three of RTCSession's internals, checked at run
 * time (a JsSIP without them answers the plain way):
 * - `_createRTCConnection(pcConfig)`: creates the connection now (JsSIP keeps it as
 *   `session.connection` and emits 'peerconnection', which the leg wires); the instance's copy
 *   is then replaced by a no-op, so `answer()` keeps this connection;
 * - `_createLocalDescription('answer')`: the answer, released through the leg's ICE gate (its
 *   'icecandidate' events) like every other SDP, and marking ICE ready so `answer()` does not
 *   wait for gathering again;
 * - the INVITE's `reply()` for the 183 (same To tag as JsSIP's 180 and 200).
 * Why not public APIs instead: the connection could be made with `new RTCPeerConnection`, but
 * JsSIP's `answer()` would then build its own (no public way to hand it one); the answer could be
 * made with the connection's own createAnswer/setLocalDescription, but JsSIP's `answer()` would
 * then wait for ICE gathering to complete (up to ~40 s with a silent STUN server) — only
 * `_createLocalDescription` marks ICE ready through the gate's `ready()`; and JsSIP types no
 * public 183 (`IncomingRequest.reply` is untyped). Whether the call still waits for the answer is
 * read through the public `direction` / `isInProgress()`, not JsSIP's private status.
 * `answer()` itself then runs as usual with no local media of its own (the sender is ours):
 * it re-applies the same offer and creates an equivalent answer; its 'sdp' event is given the
 * 183's SDP, so the 200 OK repeats it byte for byte.
 */
interface SessionInternals {
  _createRTCConnection?: (pcConfig: RTCConfiguration, rtcConstraints: unknown) => void;
  _createLocalDescription?: (type: 'answer', constraints: unknown) => Promise<string>;
}
interface ReplyingRequest {
  body?: string;
  reply(code: number, reason: string, extraHeaders: string[], body: string): void;
}
/**
 * Still unanswered, through JsSIP's public API: an incoming session is "in progress" only while
 * INVITE_RECEIVED / WAITING_FOR_ANSWER ('newRTCSession' fires in the latter); answer() moves it on.
 */
const waitingForAnswer = (session: RTCSession): boolean => session.direction === 'incoming' && session.isInProgress() && !session.isEnded();

export interface EarlyAnswerOptions {
  pcConfig: RTCConfiguration;
  sessionTimersExpires: number;
}

export interface EarlyMedia {
  /** Settles true once the 183 went out; false when early media was given up (answer the plain way). */
  readonly ready: Promise<boolean>;
  /** The 183's SDP (null before it went out). */
  readonly sdp: string | null;
  /** The agent answered: the caller's audio may play from now on. */
  readonly answered: boolean;
  /** The far end's audio: rendered muted while ringing, unmuted at the answer (jssip-engine.ts). */
  remote: MediaStream | null;
  /**
   * Puts `microphone` on the sender in place of the ringback, calls `heard` (the caller may be heard
   * now: the engine unmutes), then sends the 200 OK with the 183's SDP.
   */
  answer(microphone: MediaStreamTrack, options: EarlyAnswerOptions, heard?: () => void): Promise<void>;
  /** The call is over (or went the plain way): the ringback stops. The connection is JsSIP's to close. */
  stop(): void;
}

/** Whether this JsSIP session can be answered early: an offer in the INVITE and the internals above. */
export function canAnswerEarly(session: RTCSession, request: IncomingRequest): boolean {
  const internals = session as unknown as SessionInternals;
  const body = (request as unknown as ReplyingRequest).body;
  return (
    typeof internals._createRTCConnection === 'function' &&
    typeof internals._createLocalDescription === 'function' &&
    typeof (request as unknown as ReplyingRequest).reply === 'function' &&
    waitingForAnswer(session) &&
    typeof body === 'string' &&
    body.trim() !== ''
  );
}

/**
 * Starts early media on a ringing session; call synchronously in 'newRTCSession', after the
 * leg listens for 'peerconnection' (the connection is created at once).
 */
export function startEarlyMedia(session: RTCSession, request: IncomingRequest, pcConfig: RTCConfiguration, makeRingback: () => Ringback): EarlyMedia {
  const internals = session as unknown as Required<SessionInternals>;
  const invite = request as unknown as ReplyingRequest;
  let ringback: Ringback | null = null;
  let sdp: string | null = null;
  let answered = false;
  let sender: RTCRtpSender | null = null;
  // The 200 OK's answer is the 183's, armed by answer() for the one 'sdp' event it causes.
  let replaceNextAnswer = false;
  const onSdp = (event: SDPEvent) => {
    if (!replaceNextAnswer || event.originator !== 'local' || event.type !== 'answer' || sdp === null) return;
    replaceNextAnswer = false;
    event.sdp = sdp;
  };
  session.on('sdp', onSdp);

  internals._createRTCConnection.call(session, pcConfig, null);
  const pc = session.connection as RTCPeerConnection;
  // answer() must keep this connection: the instance's no-op shadows RTCSession's method.
  const keepConnection = () => undefined;
  (session as unknown as SessionInternals)._createRTCConnection = keepConnection;

  const giveUp = (): false => {
    ringback?.stop();
    ringback = null;
    replaceNextAnswer = false;
    if (!waitingForAnswer(session)) return false;
    // Back to JsSIP's own answer: a fresh connection (the leg follows 'peerconnection').
    delete (session as unknown as SessionInternals)._createRTCConnection;
    try {
      pc.close();
    } catch {
      // already closed
    }
    return false;
  };

  const ready = (async (): Promise<boolean> => {
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: invite.body ?? '' });
      const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
      if (!transceiver || session.isEnded()) return giveUp();
      ringback = makeRingback();
      sender = pc.addTrack(ringback.track, new MediaStream([ringback.track]));
      const answer = await internals._createLocalDescription.call(session, 'answer', null);
      if (!waitingForAnswer(session)) return giveUp();
      sdp = answer;
      invite.reply(183, 'Session Progress', [`Contact: ${session.contact}`], answer);
      return true;
    } catch {
      return giveUp();
    }
  })();

  return {
    ready,
    get sdp() {
      return sdp;
    },
    get answered() {
      return answered;
    },
    remote: null,
    async answer(microphone, options, heard) {
      answered = true;
      const switched = sender?.replaceTrack(microphone);
      // The caller is heard from the click on, before JsSIP's answer() does its synchronous work.
      heard?.();
      replaceNextAnswer = true;
      session.answer({ mediaConstraints: { audio: false, video: false }, pcConfig: options.pcConfig, sessionTimersExpires: options.sessionTimersExpires });
      await switched;
      ringback?.stop();
      ringback = null;
    },
    stop() {
      ringback?.stop();
      ringback = null;
      replaceNextAnswer = false;
    },
  };
}
