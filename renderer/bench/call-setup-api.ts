/**
 * BENCHMARK ONLY — what renderer/bench/call-setup-page.ts exposes as `window.bench` and
 * bench/call-setup.bench.ts drives (types only, so the Node side needs no DOM types).
 * Times are epoch milliseconds (performance.timeOrigin + performance.now()).
 */
import type { SipCredentials } from '../../electron/contract/phone.ts';

export type BenchMode = 'ours' | 'defaults';

/**
 * The bench's fake microphone (bench/call-setup.bench.ts writes it): pitches well above the
 * desk's 450 Hz ringback, so the caller's page can tell the agent's voice from the ringback
 * it hears with early media (an analyser; the RTP energy counters cannot tell them apart).
 */
export const MIC_PITCHES_HZ = [1000, 1250, 1500, 1750] as const;

export interface BenchApi {
  /** Registers; resolves once registered. `autoAnswer`: answer every incoming call at once (the far end). */
  start(mode: BenchMode, credentials: SipCredentials, autoAnswer: boolean): Promise<void>;
  /**
   * Dials `user` (same domain); resolves with when call() was made, confirmed, the first inbound RTP and
   * audio, `heardMicAt`: when this page first heard the far end's microphone (MIC_PITCHES_HZ; NaN: never), and
   * `jitterBufferMs`: the mean time a sample waited in this page's jitter buffer on that call, so far.
   * `wireMicAt` (the far end's page only, else NaN): when the first Opus frame carrying the far end's microphone
   * arrived here, before this page's jitter buffer (call-setup-wire.ts); `wireProblem`: its worker's error, if any.
   */
  call(user: string, timeoutMs: number): Promise<{ calledAt: number; confirmedAt: number; firstRtpAt: number; firstAudioAt: number; heardMicAt: number; wireMicAt: number; wireProblem: string | null; jitterBufferMs: number; marks: Record<string, number> }>;
  /** True while an incoming call rings here. */
  ringing(): boolean;
  /**
   * Answers the ringing call; resolves with when answer() was made, the first inbound RTP and the first audio heard
   * here, and the inbound counters at the answer: `totalSamplesReceived` > 0 = the caller was decoded while ringing
   * (rendered on the muted element); `totalAudioEnergy` is measured after WebRTC's output gain, so it stays 0 while muted.
   * `quietAt`: when the last stats report without audio was generated (the agent heard the caller after it).
   * `heardCallerAt`: when the bench's ear (call-setup-floor.ts) on the remote audio first heard the caller's pitches
   * while the element was audible (unmuted, volume > 0); NaN: never. The ear listens from before the answer.
   */
  answer(timeoutMs: number): Promise<{ answeredAt: number; firstRtpAt: number; firstAudioAt: number; quietAt: number; heardCallerAt: number; atAnswer: { energy: number; samples: number }; marks: Record<string, number> }>;
  /** The first inbound audio on the current (or next) call here, in epoch ms. */
  firstAudio(timeoutMs: number): Promise<number>;
  /**
   * The floor (call-setup-floor.ts): two connections in this page, no SIP or relay; the desk's ringback on the
   * sender for `ringMs`, then replaceTrack(microphone); ms until the receiving side hears the microphone.
   */
  floor(ringMs: number, frameMs: 10 | 20): Promise<number>;
  /** The bench's ear alone (call-setup-floor.ts): ms from feeding it the microphone until it hears its pitches. */
  instrument(): Promise<number>;
  hangup(): void;
  /** No call here (ended or never started). */
  idle(): boolean;
}

/** renderer/bench/call-setup-click-recorder.ts: one answer click in the real desk (performance.now() ms). */
export interface ClickMarks {
  click: number;
  /** The microphone put on a sender (replaceTrack). */
  replace?: number;
  /** A media element unmuted: the agent hears the caller. */
  unmute?: number;
}
