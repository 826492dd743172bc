/**
 * BENCHMARK ONLY — "the far end receives the agent's voice", measured where the network hands
 * the audio over: a receiver transform (RTCRtpScriptTransform, in a worker) on the far end's
 * audio receiver sees every Opus frame as it arrives (after SRTP, before the jitter buffer),
 * decodes it with WebCodecs and reports when the first frame carrying the microphone's pitches
 * (MIC_PITCHES_HZ; the desk's ringback is 450 Hz) arrived — the first of two in a row, so a
 * click is not taken for the microphone.
 *
 * Why beside the ear (call-setup-floor.ts): a far end's playout is the far end's — in
 * production a PSTN gateway or a desk phone with its own jitter buffer, here a browser whose
 * jitter buffer, output device and the bench's analyser add ≈ 45–50 ms to every "hears"
 * figure, ours and the defaults' alike. This figure stops where the desk's part of the path
 * ends: encoding, SRTP, the relay and the network are in it; the far end's playout is not.
 */
import { MIC_PITCHES_HZ } from './call-setup-api.ts';

/** A frame "carries the microphone" when one of its pitches is above this amplitude (−40 dBFS), Hann-windowed. */
const PITCH_AMPLITUDE = 0.01;

/**
 * The worker's whole program, serialised with toString(): it must not use anything from outside
 * its own body (no imports, no closures), and only syntax the browser runs as is.
 */
function workerMain(pitches: readonly number[], threshold: number): void {
  /** Hann-windowed Goertzel amplitude of `hz` in `samples` (a sine of amplitude A gives ≈ A). */
  const amplitude = (samples: Float32Array, rate: number, hz: number): number => {
    const n = samples.length;
    const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i += 1) {
      const windowed = (samples[i] ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
      const s0 = windowed + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    // The Hann window's coherent gain is 0.5: a sine of amplitude A has |X| ≈ A·n/4.
    return (4 * Math.sqrt(Math.max(0, power))) / n;
  };
  const scope = self as unknown as {
    onrtctransform: ((event: { transformer: { readable: ReadableStream; writable: WritableStream; options: { call: number } } }) => void) | null;
    postMessage(message: unknown): void;
  };
  scope.onrtctransform = (event) => {
    const { readable, writable, options } = event.transformer;
    const arrivals = new Map<number, number>();
    let count = 0;
    let heard = false;
    /** Frames in a row with the microphone's pitches, and when the first of them arrived. */
    let run = 0;
    let runStartedAt = Number.NaN;
    const decoder = new AudioDecoder({
      output(data) {
        // The frame this output came from: the nearest input timestamp (the decoder may shift its
        // outputs' timestamps by Opus's pre-skip, a few ms; inputs are 20 ms apart).
        let nearest = Number.NaN;
        for (const timestamp of arrivals.keys()) if (Number.isNaN(nearest) || Math.abs(timestamp - data.timestamp) < Math.abs(nearest - data.timestamp)) nearest = timestamp;
        const arrivedAt = arrivals.get(nearest) ?? Number.NaN;
        for (const timestamp of [...arrivals.keys()]) if (timestamp <= nearest) arrivals.delete(timestamp);
        if (!heard) {
          const samples = new Float32Array(data.numberOfFrames);
          data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
          if (!pitches.some((hz) => amplitude(samples, data.sampleRate, hz) > threshold)) run = 0;
          else if (++run === 1) runStartedAt = arrivedAt;
          // Two frames in a row: the microphone's tone goes on, a click (the ringback's gain step) does not.
          if (run === 2) {
            heard = true;
            scope.postMessage({ call: options.call, heardAt: runStartedAt });
          }
        }
        data.close();
      },
      error(error) {
        scope.postMessage({ call: options.call, error: String(error) });
      },
    });
    decoder.configure({ codec: 'opus', sampleRate: 48_000, numberOfChannels: 1 });
    void readable
      .pipeThrough(
        new TransformStream<{ data: ArrayBuffer }, { data: ArrayBuffer }>({
          transform(frame, controller) {
            if (!heard && frame.data.byteLength > 0 && decoder.state === 'configured') {
              const timestamp = count * 20_000;
              count += 1;
              arrivals.set(timestamp, performance.timeOrigin + performance.now());
              decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: frame.data.slice(0) }));
            }
            controller.enqueue(frame);
          },
        }),
      )
      .pipeTo(writable)
      .catch(() => undefined);
  };
}

export interface WireEar {
  /**
   * Listens on this receiver for the call `call` (once per receiver). Chromium 156 passes frames
   * through a receiver's transform only when it was set before the connection's local description:
   * an offerer's receiver as its transceiver is made (addTrack), an answerer's at 'track' (during
   * setRemoteDescription(offer)). Set later, no frame ever reaches the worker.
   */
  attach(receiver: RTCRtpReceiver, call: number): void;
  /** Epoch ms at which the first frame with the microphone's pitches arrived on call `call`; NaN: not yet. */
  heardAt(call: number): number;
  /** What went wrong in the worker (a decoder error), if anything. */
  readonly problem: string | null;
}

export function wireEar(): WireEar {
  const source = `(${workerMain.toString()})(${JSON.stringify(MIC_PITCHES_HZ)}, ${PITCH_AMPLITUDE});`;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  const heard = new Map<number, number>();
  const attached = new WeakSet<RTCRtpReceiver>();
  let problem: string | null = null;
  worker.addEventListener('error', (event) => {
    problem = `worker: ${event.message}`;
  });
  worker.addEventListener('message', (event: MessageEvent<{ call: number; heardAt?: number; error?: string }>) => {
    if (event.data.error !== undefined) problem = event.data.error;
    else if (event.data.heardAt !== undefined && !heard.has(event.data.call)) heard.set(event.data.call, event.data.heardAt);
  });
  return {
    attach(receiver, call) {
      if (receiver.track.kind !== 'audio' || attached.has(receiver)) return;
      attached.add(receiver);
      (receiver as RTCRtpReceiver & { transform: unknown }).transform = new RTCRtpScriptTransform(worker, { call });
    },
    heardAt: (call) => heard.get(call) ?? Number.NaN,
    get problem() {
      return problem;
    },
  };
}
