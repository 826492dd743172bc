import type { EndEvent, RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import { callEndOf, isRingTimeoutReason, type CallEnd } from './causes.ts';
import { displayNumber } from './dial.ts';
import type { EngineCall, EngineEvent } from './engine.ts';
import { createIceGate, type IcePolicy } from './ice-gate.ts';
import type { EarlyMedia } from './jssip-early-media.ts';
import { sampleLeg, startSampling, wirePeerConnection } from './jssip-media.ts';
import type { MediaSample } from './media.ts';

/**
 * One call leg: a JsSIP RTCSession with what the engine keeps about it (the call as the
 * store sees it, its ICE gate, peer connection and media sampler). `createLeg` wires the
 * session's events; the engine (the host) decides which legs are live.
 */
export interface Leg {
  session: RTCSession;
  call: EngineCall;
  gate: ReturnType<typeof createIceGate>;
  pc: RTCPeerConnection | null;
  sampler: ReturnType<typeof setInterval> | null;
  lastSample: MediaSample | null;
  /** Set when we end the call for a reason JsSIP would not name (ICE gave up, hold failed). */
  endOverride: CallEnd | null;
  holdInFlight: boolean;
  /** Ringing with early media (jssip-early-media.ts); null when answered the plain way. */
  early: EarlyMedia | null;
}

export interface LegHost {
  readonly sampleMs: number;
  readonly ice: IcePolicy;
  now(): number;
  /** The engine still keeps this leg (events of a dropped leg are ignored). */
  isLive(leg: Leg): boolean;
  emit(event: EngineEvent): void;
  /** The track that stands for the agent's microphone when it is not the sender's own (a conference mix); null otherwise. */
  micTrack(leg: Leg): MediaStreamTrack | null;
  /** The far end's audio arrived on this leg. */
  remoteTrack(leg: Leg, stream: MediaStream): void;
  /** The leg's session ended; the host drops it and reports. */
  ended(leg: Leg, end: CallEnd): void;
  /**
   * The leg's INVITE failed with a final response (or a CANCEL): true when the host dialled again
   * for the same call (session-timers.ts, 422) — then the leg is gone without an end.
   */
  retried(leg: Leg, response: SipResponse | null): boolean;
}

/** What the host needs of a failed INVITE's final response or the CANCEL that ended it (JsSIP's IncomingMessage). */
export interface SipResponse {
  status: number | undefined;
  header(name: string): string | null;
}

function responseOf(message: EndEvent['message'] | null): SipResponse | null {
  if (!message) return null;
  const status = (message as { status_code?: unknown }).status_code;
  return {
    status: typeof status === 'number' ? status : undefined,
    header: (name) => (message.hasHeader(name) ? message.getHeader(name) : null),
  };
}

function callIdOf(event: RTCSessionEvent): string {
  const value = (event.request as { call_id?: unknown }).call_id;
  return typeof value === 'string' && value !== '' ? value : event.session.id;
}

export function publishLeg(leg: Leg, host: LegHost): void {
  if (host.isLive(leg)) host.emit({ type: 'call', call: { ...leg.call } });
}

export function updateLeg(leg: Leg, host: LegHost, patch: Partial<EngineCall>): void {
  if (!host.isLive(leg)) return;
  leg.call = { ...leg.call, ...patch };
  publishLeg(leg, host);
}

/** Builds the leg for a new session; the host must make it live before events arrive (synchronously). */
export function createLeg(event: RTCSessionEvent, host: LegHost): Leg {
  const session = event.session;
  const inbound = event.originator === 'remote';
  const remoteUri = session.remote_identity.uri;
  const leg: Leg = {
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
    gate: createIceGate(host.ice, () => {
      leg.endOverride = 'ice-timeout';
      session.terminate();
    }),
    pc: null,
    sampler: null,
    lastSample: null,
    endOverride: null,
    holdInFlight: false,
    early: null,
  };
  const live = () => host.isLive(leg);
  session.on('peerconnection', ({ peerconnection }) => wirePeerConnection(leg, peerconnection, host));
  // An outgoing session has its connection before newRTCSession fires.
  const existing = session.connection as RTCPeerConnection | undefined;
  if (existing) wirePeerConnection(leg, existing, host);
  session.on('icecandidate', ({ candidate, ready }) => {
    if (live()) leg.gate.candidate(candidate, ready);
  });
  session.on('progress', () => {
    if (live() && !inbound) updateLeg(leg, host, { phase: 'progress' });
  });
  session.on('accepted', () => {
    if (!live()) return;
    updateLeg(leg, host, { phase: 'connecting', answeredAt: host.now() });
    startSampling(leg, host);
  });
  session.on('confirmed', () => {
    if (!live()) return;
    updateLeg(leg, host, { phase: 'active', answeredAt: leg.call.answeredAt ?? host.now() });
    startSampling(leg, host);
  });
  const ended = (e: EndEvent) => {
    const answered = leg.call.answeredAt !== null;
    const end = leg.endOverride ?? (leg.holdInFlight && e.cause === 'WebRTC Error' ? 'hold-failed' : callEndOf(e.cause, e.originator, answered));
    host.ended(leg, end);
  };
  session.on('ended', ended);
  session.on('failed', (e: EndEvent) => {
    const response = responseOf(e.message as EndEvent['message'] | null);
    if (!leg.endOverride && live() && host.retried(leg, response)) return;
    if (!leg.endOverride && response?.status === 422) leg.endOverride = 'session-interval';
    // A ring the SBC timed out (its CANCEL's Reason): the store takes the agent out (示忙, rona).
    if (!leg.endOverride && inbound && e.cause === 'Canceled' && e.originator === 'remote' && isRingTimeoutReason(response?.header('Reason') ?? null)) leg.endOverride = 'unanswered';
    ended(e);
  });
  session.on('getusermediafailed', () => {
    leg.endOverride = 'microphone-denied';
  });
  return leg;
}

/**
 * Hold or resume by re-INVITE; `holdActive` follows only once the far end accepted it, and
 * `after` runs then (or at once when there is nothing to do). A re-INVITE still in flight
 * refuses a new one: 'hold-busy'.
 */
export function holdLeg(leg: Leg, host: LegHost, held: boolean, after?: () => void): void {
  if (leg.call.phase !== 'active' || leg.call.holdRequested === held) {
    after?.();
    return;
  }
  leg.holdInFlight = true;
  const done = () => {
    leg.holdInFlight = false;
    if (!host.isLive(leg)) return;
    updateLeg(leg, host, { holdActive: held });
    void sampleLeg(leg, host);
    after?.();
  };
  const started = held ? leg.session.hold({}, done) : leg.session.unhold({}, done);
  if (!started) {
    leg.holdInFlight = false;
    host.emit({ type: 'problem', problem: 'hold-busy' });
    return;
  }
  updateLeg(leg, host, { holdRequested: held });
}
