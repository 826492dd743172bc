/**
 * BENCHMARK ONLY — the floor under bench/call-setup.bench.ts's "the far end hears the agent's
 * microphone", measured in the same browser and run, so the call figures can be read against it:
 *
 * - `instrument`: how late the bench's own ear is. The page's microphone straight into the
 *   analyser the far end listens with (no WebRTC at all): from connecting it until the analyser
 *   reports the microphone's pitches. Capture buffers, WebAudio's input FIFO and render quantum, the
 *   FFT window — all of it is in every "hears" figure, ours and the defaults' alike.
 * - `floor`: the early-media answer path with no SIP, no relay and no network: two peer connections
 *   in this page, the sender carrying the desk's own ringback (ringback.ts) for `ringMs`, then
 *   `replaceTrack(microphone)` as the desk does at the answer, until the receiving side's analyser
 *   hears the microphone. That is encoder framing (20 ms Opus frames, or 10 with `frameMs` 10),
 *   the receiver's jitter buffer and playout, plus the instrument.
 */
import { MIC_PITCHES_HZ } from './call-setup-api.ts';
import { browserRingback } from '../src/features/phone/ringback.ts';

/** Analyser window: 512 samples (10.7 ms at 48 kHz), bins of 93.75 Hz. */
const MIC_FFT = 512;
/** dBFS in a microphone pitch's bin: the tone is far above it, the 450 Hz ringback's leakage far below. */
const MIC_HEARD_DB = -50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An analyser that says whether the microphone's pitches are in what it is fed. */
export interface MicEar {
  /** Feeds the ear `stream` (replacing what it heard before). */
  listen(stream: MediaStream): void;
  readonly listening: boolean;
  hears(): boolean;
  close(): void;
}

export function micEar(): MicEar {
  const context = new AudioContext();
  void context.resume().catch(() => undefined);
  const analyser = context.createAnalyser();
  analyser.fftSize = MIC_FFT;
  analyser.smoothingTimeConstant = 0;
  const bins = new Float32Array(analyser.frequencyBinCount);
  const binHz = context.sampleRate / MIC_FFT;
  const micBins = MIC_PITCHES_HZ.flatMap((hz) => [Math.floor(hz / binHz), Math.ceil(hz / binHz)]);
  let source: MediaStreamAudioSourceNode | null = null;
  return {
    listen(stream) {
      source?.disconnect();
      source = context.createMediaStreamSource(stream);
      source.connect(analyser);
    },
    get listening() {
      return source !== null;
    },
    hears() {
      if (!source) return false;
      analyser.getFloatFrequencyData(bins);
      return micBins.some((bin) => (bins[bin] ?? -Infinity) > MIC_HEARD_DB);
    },
    close() {
      source?.disconnect();
      void context.close().catch(() => undefined);
    },
  };
}

/** Polls `ear` every ~1 ms from `since` (performance.now()) for up to `timeoutMs`; ms until it heard, NaN if never. */
async function heardAfter(ear: MicEar, since: number, timeoutMs: number): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if (ear.hears()) return performance.now() - since;
    await sleep(1);
  }
  return Number.NaN;
}

export async function instrumentOnce(): Promise<number> {
  const microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
  const ear = micEar();
  try {
    // The device warm, as the desk's is at an answer (opened while ringing).
    await sleep(300);
    const since = performance.now();
    ear.listen(microphone);
    return await heardAfter(ear, since, 2_000);
  } finally {
    ear.close();
    for (const t of microphone.getTracks()) t.stop();
  }
}

export async function floorOnce(ringMs: number, frameMs: 10 | 20): Promise<number> {
  const microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
  const micTrack = microphone.getAudioTracks()[0];
  if (!micTrack) throw new Error('floor: no microphone track');
  const ringback = browserRingback();
  const agent = new RTCPeerConnection();
  const caller = new RTCPeerConnection();
  const ear = micEar();
  try {
    agent.addEventListener('icecandidate', (e) => void (e.candidate && caller.addIceCandidate(e.candidate)));
    caller.addEventListener('icecandidate', (e) => void (e.candidate && agent.addIceCandidate(e.candidate)));
    const sender = agent.addTrack(ringback.track, new MediaStream([ringback.track]));
    caller.addTransceiver('audio', { direction: 'recvonly' });
    caller.addEventListener('track', (e) => ear.listen(e.streams[0] ?? new MediaStream([e.track])));
    const playout = new Audio();
    caller.addEventListener('track', (e) => {
      playout.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void playout.play().catch(() => undefined);
    });
    const offer = await caller.createOffer();
    await caller.setLocalDescription(offer);
    // The caller's offer says how long the packets it receives may be: ptime 10 makes the agent's encoder send 10 ms frames.
    await agent.setRemoteDescription(frameMs === 10 ? { type: 'offer', sdp: (offer.sdp ?? '').replace(/(m=audio [\s\S]*?\r\n)(a=)/, '$1a=ptime:10\r\n$2') } : offer);
    const answer = await agent.createAnswer();
    await agent.setLocalDescription(answer);
    await caller.setRemoteDescription(answer);
    await sleep(ringMs);
    if (!ear.listening) throw new Error('floor: the caller never got the agent track');
    const since = performance.now();
    await sender.replaceTrack(micTrack);
    const heard = await heardAfter(ear, since, 2_000);
    playout.srcObject = null;
    return heard;
  } finally {
    ear.close();
    agent.close();
    caller.close();
    ringback.stop();
    for (const t of microphone.getTracks()) t.stop();
  }
}
