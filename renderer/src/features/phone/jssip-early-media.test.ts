import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RTCSession, SDPEvent } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import { canAnswerEarly, startEarlyMedia } from './jssip-early-media.ts';
import type { Ringback } from './ringback.ts';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';
const ANSWER = 'v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n';
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const track = (id: string) => ({ id, kind: 'audio' }) as unknown as MediaStreamTrack;

/** A peer connection as records: what was applied, added, replaced, closed. */
class FakePc {
  remote: RTCSessionDescriptionInit | null = null;
  added: MediaStreamTrack[] = [];
  sent: MediaStreamTrack | null = null;
  closed = false;
  readonly failRemote: boolean;
  constructor(failRemote = false) {
    this.failRemote = failRemote;
  }
  setRemoteDescription(d: RTCSessionDescriptionInit) {
    if (this.failRemote) return Promise.reject(new Error('bad offer'));
    this.remote = d;
    return Promise.resolve();
  }
  getTransceivers() {
    return this.remote ? [{ receiver: { track: { kind: 'audio' } } }] : [];
  }
  addTrack(t: MediaStreamTrack) {
    this.added.push(t);
    this.sent = t;
    return { replaceTrack: (next: MediaStreamTrack) => Promise.resolve(void (this.sent = next)) };
  }
  close() {
    this.closed = true;
  }
}

/** JsSIP's RTCSession as far as early media touches it; `_createRTCConnection` lives on the prototype like JsSIP's. */
class FakeSession {
  /** JsSIP's status, read through its public isInProgress(): 4 = WAITING_FOR_ANSWER, 5+ = answered or over. */
  _status = 4;
  direction = 'incoming';
  isInProgress() {
    return this._status <= 4;
  }
  connection: FakePc | null = null;
  contact = '<sip:agent@x.invalid;transport=ws>';
  ended = false;
  created = 0;
  answers: unknown[] = [];
  listeners: ((e: SDPEvent) => void)[] = [];
  resolveAnswer: ((sdp: string) => void) | null = null;
  readonly makePc: () => FakePc;
  constructor(makePc: () => FakePc) {
    this.makePc = makePc;
  }
  _createRTCConnection() {
    this.created += 1;
    this.connection = this.makePc();
  }
  _createLocalDescription() {
    return new Promise<string>((resolve) => (this.resolveAnswer = resolve));
  }
  on(name: string, listener: (e: SDPEvent) => void) {
    if (name === 'sdp') this.listeners.push(listener);
  }
  isEnded() {
    return this.ended;
  }
  answer(options: unknown) {
    this.answers.push(options);
    // What JsSIP does inside answer(): reuse the connection, create an answer, emit 'sdp', send e.sdp.
    this._createRTCConnection();
    const event = { originator: 'local', type: 'answer', sdp: 'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\n' } as SDPEvent;
    for (const l of this.listeners) l(event);
    this.sentIn200 = event.sdp;
  }
  sentIn200: string | null = null;
}

function world(o: { failRemote?: boolean; body?: string } = {}) {
  const session = new FakeSession(() => new FakePc(o.failRemote));
  const replies: { code: number; headers: string[]; body: string }[] = [];
  const request = { body: o.body ?? OFFER, reply: (code: number, _r: string, headers: string[], body: string) => replies.push({ code, headers, body }) };
  const ringbacks: { stopped: number }[] = [];
  const makeRingback = (): Ringback => {
    const r = { stopped: 0 };
    ringbacks.push(r);
    return { track: track('ringback'), stop: () => void (r.stopped += 1) };
  };
  const asSession = session as unknown as RTCSession;
  const asRequest = request as unknown as IncomingRequest;
  return { session, request, replies, ringbacks, start: () => startEarlyMedia(asSession, asRequest, { iceServers: [] }, makeRingback), can: () => canAnswerEarly(asSession, asRequest) };
}

describe('early media (183 with SDP, ringback, answer with the same SDP)', () => {
  const NativeStream = globalThis.MediaStream;
  beforeEach(() => {
    globalThis.MediaStream = class {
      readonly tracks: MediaStreamTrack[];
      constructor(tracks: MediaStreamTrack[]) {
        this.tracks = tracks;
      }
    } as unknown as typeof MediaStream;
  });
  afterEach(() => {
    globalThis.MediaStream = NativeStream;
  });

  it('only for an INVITE with an offer, while waiting for the answer, on a JsSIP with the internals', () => {
    expect(world().can()).toBe(true);
    expect(world({ body: '' }).can()).toBe(false);
    const answered = world();
    answered.session._status = 5;
    expect(answered.can()).toBe(false);
    const other = world();
    (other.session as unknown as { _createLocalDescription: unknown })._createLocalDescription = undefined;
    expect(other.can()).toBe(false);
  });

  it('ringing: the offer is applied, the ringback is sent, the 183 carries the answer; nothing else goes out', async () => {
    const w = world();
    const early = w.start();
    const pc = w.session.connection;
    expect(pc).not.toBeNull();
    await flush();
    expect(pc?.remote).toEqual({ type: 'offer', sdp: OFFER });
    expect(pc?.sent?.id).toBe('ringback');
    expect(w.replies).toEqual([]);
    w.session.resolveAnswer?.(ANSWER);
    expect(await early.ready).toBe(true);
    expect(w.replies).toEqual([{ code: 183, headers: [`Contact: ${w.session.contact}`], body: ANSWER }]);
    expect(early.sdp).toBe(ANSWER);
    expect(early.answered).toBe(false);
  });

  it('answer: the microphone replaces the ringback on the same connection and the 200 OK repeats the 183 byte for byte', async () => {
    const w = world();
    const early = w.start();
    await flush();
    w.session.resolveAnswer?.(ANSWER);
    await early.ready;
    const pc = w.session.connection;
    const order: string[] = [];
    const answer = w.session.answer.bind(w.session);
    w.session.answer = (options: unknown) => {
      order.push('200 OK');
      answer(options);
    };
    await early.answer(track('mic'), { pcConfig: { iceServers: [] }, sessionTimersExpires: 1800 }, () => order.push(`heard (sending ${pc?.sent?.id})`));
    // The caller is heard once the microphone is on the sender, and before JsSIP builds the 200 OK.
    expect(order).toEqual(['heard (sending mic)', '200 OK']);
    expect(early.answered).toBe(true);
    expect(w.session.connection).toBe(pc);
    expect(w.session.created).toBe(1);
    expect(pc?.sent?.id).toBe('mic');
    expect(w.session.answers).toEqual([{ mediaConstraints: { audio: false, video: false }, pcConfig: { iceServers: [] }, sessionTimersExpires: 1800 }]);
    expect(w.session.sentIn200).toBe(ANSWER);
    expect(w.ringbacks[0]?.stopped).toBe(1);
  });

  it('a later local answer (a re-INVITE during the call) is not touched', async () => {
    const w = world();
    const early = w.start();
    await flush();
    w.session.resolveAnswer?.(ANSWER);
    await early.ready;
    await early.answer(track('mic'), { pcConfig: {}, sessionTimersExpires: 1800 });
    const later = { originator: 'local', type: 'answer', sdp: 'later' } as SDPEvent;
    for (const l of w.session.listeners) l(later);
    expect(later.sdp).toBe('later');
  });

  it('the caller gives up while the answer is prepared: no 183, the ringback stops', async () => {
    const w = world();
    const early = w.start();
    await flush();
    w.session.ended = true;
    w.session._status = 8;
    w.session.resolveAnswer?.(ANSWER);
    expect(await early.ready).toBe(false);
    expect(w.replies).toEqual([]);
    expect(w.ringbacks[0]?.stopped).toBe(1);
  });

  it('an offer the connection refuses: back to the plain answer (JsSIP makes a fresh connection), the early one closed', async () => {
    const w = world({ failRemote: true });
    const early = w.start();
    const first = w.session.connection;
    expect(await early.ready).toBe(false);
    expect(first?.closed).toBe(true);
    expect(w.replies).toEqual([]);
    w.session._createRTCConnection();
    expect(w.session.connection).not.toBe(first);
    expect(w.session.created).toBe(2);
  });
});
