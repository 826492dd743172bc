/**
 * BENCHMARK ONLY — never shipped (not reachable from renderer/index.html). The browser side
 * of bench/call-setup.bench.ts, bundled by it with esbuild and loaded into plain pages of a
 * real Chromium: one page is the agent, another the far end, both registered with the
 * telephony lab. The agent runs either the desk's phone engine as shipped (`ours`:
 * jssip-engine.ts with its bounded ICE) or JsSIP with its defaults (`defaults`: a bare UA,
 * `ua.call` / `session.answer` with audio constraints only, so the offer and answer wait
 * for ICE gathering to complete). The far end always runs the desk's engine.
 *
 * Times are epoch milliseconds (performance.timeOrigin + performance.now()), so the
 * runner can compare the two pages' clocks (one machine, one browser).
 */
import { UA, WebSocketInterface } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { SipCredentials } from '../../electron/contract/phone.ts';
import type { BenchApi } from './call-setup-api.ts';
import { floorOnce, instrumentOnce, micEar } from './call-setup-floor.ts';
import { wireEar, type WireEar } from './call-setup-wire.ts';
import type { EngineEvent, PhoneEngine } from '../src/features/phone/engine.ts';
import { jsSipEngine } from '../src/features/phone/jssip-engine.ts';

const epochNow = (): number => performance.timeOrigin + performance.now();
const MEDIA: MediaStreamConstraints = { audio: true, video: false };

/**
 * EXPERIMENT (--agent-ptime N, agent pages only, both stacks): `a=ptime:N` added to every remote audio
 * description, so this page's Opus encoder sends N ms frames (Chromium reads the remote ptime).
 */
const PTIME = Number(new URLSearchParams(location.search).get('ptime') ?? '0');
function withPtime(d: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
  if (!PTIME || !d.sdp || /^a=ptime:/m.test(d.sdp)) return d;
  // Before the audio section's first a= line (after its c= line: SDP's line order).
  // A plain object: JsSIP passes RTCSessionDescription instances, whose fields a spread would lose.
  return { type: d.type, sdp: d.sdp.replace(/(m=audio [\s\S]*?\r\n)(a=)/, `$1a=ptime:${PTIME}\r\n$2`) };
}

// The latest peer connection this page made: JsSIP constructs it through the global.
let lastPc: RTCPeerConnection | null = null;
/** Peer connections made so far: the wire ear tells calls apart by it. */
let pcCount = 0;
/** The far end's page only (start with autoAnswer): the wire ear on every audio receiver (call-setup-wire.ts). */
let wire: WireEar | null = null;
const NativePc = window.RTCPeerConnection;
/** When the current peer connection reached each step (epoch ms), for the breakdown. */
let marks: Record<string, number> = {};
const mark = (name: string) => {
  marks[name] ??= epochNow();
};
function track(pc: RTCPeerConnection): void {
  lastPc = pc;
  pcCount += 1;
  const call = pcCount;
  // An offerer's receivers as their transceivers are made, an answerer's at 'track' (call-setup-wire.ts says why).
  pc.addEventListener('track', (e) => wire?.attach(e.receiver, call));
  const addTrack = pc.addTrack.bind(pc);
  pc.addTrack = (t: MediaStreamTrack, ...streams: MediaStream[]) => {
    const sender = addTrack(t, ...streams);
    const receiver = pc.getTransceivers().find((x) => x.sender === sender)?.receiver;
    if (receiver) wire?.attach(receiver, call);
    return sender;
  };
  marks = {};
  mark('pc');
  pc.addEventListener('icegatheringstatechange', () => mark(`gathering-${pc.iceGatheringState}`));
  pc.addEventListener('icecandidate', (e) => {
    if (e.candidate) mark('first-candidate');
  });
  pc.addEventListener('iceconnectionstatechange', () => mark(`ice-${pc.iceConnectionState}`));
  pc.addEventListener('connectionstatechange', () => mark(`dtls-${pc.connectionState}`));
  const setLocal = pc.setLocalDescription.bind(pc) as (d?: RTCLocalSessionDescriptionInit) => Promise<void>;
  const setRemote = pc.setRemoteDescription.bind(pc) as (d: RTCSessionDescriptionInit) => Promise<void>;
  pc.setLocalDescription = ((d?: RTCLocalSessionDescriptionInit) => {
    mark('set-local');
    return setLocal(d);
  }) as RTCPeerConnection['setLocalDescription'];
  pc.setRemoteDescription = ((d: RTCSessionDescriptionInit) => {
    mark('set-remote');
    return setRemote(withPtime(d));
  }) as RTCPeerConnection['setRemoteDescription'];
}
// Early media: the answer puts the microphone on the sender with replaceTrack (its start and completion, for the breakdown).
const nativeReplaceTrack = RTCRtpSender.prototype.replaceTrack;
RTCRtpSender.prototype.replaceTrack = function replaceTrack(this: RTCRtpSender, next: MediaStreamTrack | null) {
  mark('replace-track');
  return nativeReplaceTrack.call(this, next).then(() => mark('replace-track-done'));
};
window.RTCPeerConnection = new Proxy(NativePc, {
  construct(target, args: [RTCConfiguration?], newTarget) {
    const pc = Reflect.construct(target, args, newTarget) as RTCPeerConnection;
    track(pc);
    return pc;
  },
});

const audio = document.createElement('audio');
audio.autoplay = true;
document.body.append(audio);

interface InboundCounters {
  packets: number;
  energy: number;
  /** Samples the jitter buffer put out (decoded or concealed): grows while something plays the track, muted or not. */
  samples: number;
  /** jitterBufferDelay (s) over jitterBufferEmittedCount: the mean time a sample waited in the jitter buffer. */
  jitterDelay: number;
  jitterEmitted: number;
  /** When WebRTC generated the report (epoch ms): `getStats` reuses a report for up to 50 ms. */
  reportAt: number;
}
const NONE: InboundCounters = { packets: 0, energy: 0, samples: 0, jitterDelay: 0, jitterEmitted: 0, reportAt: 0 };

async function inbound(pc: RTCPeerConnection): Promise<InboundCounters> {
  const totals = { ...NONE };
  const report = await pc.getStats();
  report.forEach((stat: { type?: string; kind?: string; packetsReceived?: number; totalAudioEnergy?: number; totalSamplesReceived?: number; jitterBufferDelay?: number; jitterBufferEmittedCount?: number; timestamp?: number }) => {
    if (stat.type !== 'inbound-rtp' || stat.kind !== 'audio') return;
    totals.packets += stat.packetsReceived ?? 0;
    totals.energy += stat.totalAudioEnergy ?? 0;
    totals.samples += stat.totalSamplesReceived ?? 0;
    totals.jitterDelay += stat.jitterBufferDelay ?? 0;
    totals.jitterEmitted += stat.jitterBufferEmittedCount ?? 0;
    totals.reportAt = Math.max(totals.reportAt, stat.timestamp ?? 0);
  });
  return totals;
}

/** The agent can hear what its remote-audio element renders: it holds a stream and is neither muted nor at volume 0. */
const audible = (): boolean => audio.srcObject instanceof MediaStream && !audio.muted && audio.volume > 0;

/**
 * Polls this page's current peer connection until RTP and then audio the agent hears arrive
 * (bounded): heard = the inbound-rtp `totalAudioEnergy` grows between two polls while the element
 * is audible. With early media the caller's audio is decoded (muted) while ringing, so the counter
 * is already above 0 at the answer: only its growth after the unmute counts. For a connection made
 * after the watch started the counter starts at 0, which is "first energy > 0" as before.
 * `quietAt`: when the last report WITHOUT that growth was generated — the audio was heard after it
 * (a lower bound; `firstAudioAt` is the upper one, up to the 50 ms report cache later).
 */
async function watchInbound(timeoutMs: number): Promise<{ firstRtpAt: number; firstAudioAt: number; quietAt: number; atStart: InboundCounters }> {
  const deadline = epochNow() + timeoutMs;
  let firstRtpAt = Number.NaN;
  const last = new Map<RTCPeerConnection, number>();
  let quietAt = epochNow();
  const startPc = lastPc;
  const atStart = startPc ? await inbound(startPc).catch(() => NONE) : NONE;
  if (startPc) last.set(startPc, atStart.energy);
  for (;;) {
    const pc = lastPc;
    if (pc && pc.connectionState !== 'closed') {
      const counters = await inbound(pc).catch(() => NONE);
      const at = epochNow();
      if (counters.packets > 0 && Number.isNaN(firstRtpAt)) firstRtpAt = at;
      if (audible()) mark('agent-audible');
      const grew = counters.energy > (last.get(pc) ?? 0);
      last.set(pc, counters.energy);
      if (grew && audible()) return { firstRtpAt: Number.isNaN(firstRtpAt) ? at : firstRtpAt, firstAudioAt: at, quietAt, atStart };
      if (!grew && counters.reportAt > 0) quietAt = Math.max(quietAt, counters.reportAt);
    }
    if (epochNow() > deadline) throw new Error('no inbound audio before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * When this page first hears the far end's microphone: the bench's ear (call-setup-floor.ts) on the
 * remote audio element's stream (followed when it changes), polled every ~1 ms. NaN when not within
 * the timeout (the row then says so).
 */
async function watchMicTone(timeoutMs: number, stop: () => boolean, audibleOnly = false): Promise<number> {
  const deadline = epochNow() + timeoutMs;
  const ear = micEar();
  let attached: MediaProvider | null = null;
  try {
    for (;;) {
      const stream = audio.srcObject;
      if (stream instanceof MediaStream && stream !== attached && stream.getAudioTracks().length > 0) {
        ear.listen(stream);
        attached = stream;
      }
      if ((!audibleOnly || audible()) && ear.hears()) return epochNow();
      if (epochNow() > deadline || stop()) return Number.NaN;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  } finally {
    ear.close();
  }
}

/** How long the ear listens before the answer (its AudioContext and input FIFO start; the bench's ear alone takes ~24 ms to hear). */
const EAR_WARMUP_MS = 100;

function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const deadline = epochNow() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve(epochNow());
      else if (epochNow() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 1);
    };
    tick();
  });
}

/** What the runner drives, whichever stack the agent runs. */
interface Phone {
  call(user: string): void;
  answer(): void;
  hangup(): void;
  phase(): 'none' | 'ringing' | 'dialing' | 'confirmed' | 'ended';
  /** epoch ms of the current call's confirmation, NaN before. */
  confirmedAt(): number;
}

function oursPhone(credentials: SipCredentials, autoAnswer: boolean, registered: () => void): Phone {
  let phase: ReturnType<Phone['phase']> = 'none';
  let confirmedAt = Number.NaN;
  let engine: PhoneEngine | null = null;
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'registration' && event.registration.status === 'registered') registered();
    if (event.type === 'call') {
      const p = event.call.phase;
      if (p === 'ringing') {
        phase = 'ringing';
        if (autoAnswer) engine?.answer();
      } else if (p === 'active' && phase !== 'confirmed') {
        phase = 'confirmed';
        confirmedAt = epochNow();
      } else if (phase === 'none' || phase === 'ended') phase = 'dialing';
    }
    if (event.type === 'call-ended') phase = 'ended';
  };
  // The agent answers with early media (the desk's default); the far end, which only answers outbound
  // calls at once, answers plainly so the outbound rows stay comparable with the earlier runs.
  engine = jsSipEngine({ audio, earlyMedia: () => !autoAnswer })(onEvent);
  engine.start(credentials);
  const live = engine;
  return {
    call: (user) => {
      phase = 'dialing';
      confirmedAt = Number.NaN;
      live.call(user);
    },
    answer: () => live.answer(),
    hangup: () => live.hangup(),
    phase: () => phase,
    confirmedAt: () => confirmedAt,
  };
}

function defaultsPhone(credentials: SipCredentials, registered: () => void): Phone {
  const server = credentials.servers[0];
  if (!server) throw new Error('no SBC');
  const domain = credentials.uri.split('@')[1] ?? '';
  // JsSIP as its documentation starts it: no ICE bound, no pcConfig (Chromium's defaults: balanced bundle, rtcp-mux).
  // Only when the runner names ICE servers (the silent-STUN rounds): JsSIP passes them on as they are.
  const pcConfig = credentials.iceServers ? { pcConfig: { iceServers: credentials.iceServers } } : {};
  const ua = new UA({ sockets: [new WebSocketInterface(server.url)], uri: credentials.uri, authorization_user: credentials.username, password: credentials.password, register: true });
  let session: RTCSession | null = null;
  let phase: ReturnType<Phone['phase']> = 'none';
  let confirmedAt = Number.NaN;
  ua.on('registered', registered);
  ua.on('newRTCSession', (event: RTCSessionEvent) => {
    const s = event.session;
    session = s;
    phase = event.originator === 'remote' ? 'ringing' : 'dialing';
    confirmedAt = Number.NaN;
    const attach = (pc: RTCPeerConnection) =>
      pc.addEventListener('track', (e) => {
        audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
        void audio.play().catch(() => undefined);
      });
    if (s.connection) attach(s.connection);
    s.on('peerconnection', (e) => attach(e.peerconnection));
    s.on('confirmed', () => {
      phase = 'confirmed';
      confirmedAt = epochNow();
    });
    s.on('ended', () => (phase = 'ended'));
    s.on('failed', () => (phase = 'ended'));
  });
  ua.start();
  return {
    call: (user) => void ua.call(`sip:${user}@${domain}`, { mediaConstraints: MEDIA, ...pcConfig }),
    answer: () => session?.answer({ mediaConstraints: MEDIA, ...pcConfig }),
    hangup: () => session?.terminate(),
    phase: () => phase,
    confirmedAt: () => confirmedAt,
  };
}

let phone: Phone | null = null;
const need = (): Phone => {
  if (!phone) throw new Error('bench page not started');
  return phone;
};

const api: BenchApi = {
  start(mode, credentials, autoAnswer) {
    if (autoAnswer) wire = wireEar();
    return new Promise((resolve) => {
      phone = mode === 'ours' ? oursPhone(credentials, autoAnswer, resolve) : defaultsPhone(credentials, resolve);
    });
  },
  async call(user, timeoutMs) {
    const p = need();
    lastPc = null;
    const calledAt = epochNow();
    p.call(user);
    const heard = watchMicTone(timeoutMs, () => p.phase() === 'ended');
    const [{ firstRtpAt, firstAudioAt }, confirmedAt] = await Promise.all([watchInbound(timeoutMs), waitFor(() => p.phase() === 'confirmed', timeoutMs, 'confirmed').then(() => p.confirmedAt())]);
    const since = Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, v - calledAt]));
    const heardMicAt = await heard;
    const call = pcCount;
    // The wire ear hears before the analyser does; a bounded wait covers its worker's message.
    const wireMicAt = wire === null ? Number.NaN : await waitFor(() => !Number.isNaN(wire?.heardAt(call) ?? 0), 1_000, 'the wire ear').then(
      () => wire?.heardAt(call) ?? Number.NaN,
      () => Number.NaN,
    );
    const jb = lastPc ? await inbound(lastPc).catch(() => NONE) : NONE;
    const jitterBufferMs = jb.jitterEmitted > 0 ? (1000 * jb.jitterDelay) / jb.jitterEmitted : Number.NaN;
    return { calledAt, confirmedAt, firstRtpAt, firstAudioAt, heardMicAt, wireMicAt, wireProblem: wire?.problem ?? null, jitterBufferMs, marks: since };
  },
  ringing: () => phone?.phase() === 'ringing',
  async answer(timeoutMs) {
    const p = need();
    // The ear on this page's remote audio, counting only while the element is audible: it listens from
    // before the click (as the agent does), so its own start-up is not in the figure.
    const heardCaller = watchMicTone(timeoutMs, () => p.phase() === 'ended', true);
    await new Promise((resolve) => setTimeout(resolve, EAR_WARMUP_MS));
    const answeredAt = epochNow();
    p.answer();
    const { atStart, ...inboundAt } = await watchInbound(timeoutMs);
    const heardCallerAt = await heardCaller;
    const since = Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, v - answeredAt]));
    return { answeredAt, ...inboundAt, heardCallerAt, atAnswer: { energy: atStart.energy, samples: atStart.samples }, marks: since };
  },
  async firstAudio(timeoutMs) {
    return (await watchInbound(timeoutMs)).firstAudioAt;
  },
  floor: (ringMs, frameMs) => floorOnce(ringMs, frameMs),
  instrument: () => instrumentOnce(),
  hangup: () => phone?.hangup(),
  idle: () => phone === null || ['none', 'ended'].includes(phone.phase()),
};

(window as unknown as { bench: BenchApi }).bench = api;
