/**
 * BENCHMARK ONLY — what renderer/bench/call-setup-page.ts exposes as `window.bench` and
 * bench/call-setup.bench.ts drives (types only, so the Node side needs no DOM types).
 * Times are epoch milliseconds (performance.timeOrigin + performance.now()).
 */
import type { SipCredentials } from '../../electron/contract/phone.ts';

export type BenchMode = 'ours' | 'defaults';

export interface BenchApi {
  /** Registers; resolves once registered. `autoAnswer`: answer every incoming call at once (the far end). */
  start(mode: BenchMode, credentials: SipCredentials, autoAnswer: boolean): Promise<void>;
  /** Dials `user` (same domain); resolves with when call() was made, confirmed, and the first inbound RTP and audio. */
  call(user: string, timeoutMs: number): Promise<{ calledAt: number; confirmedAt: number; firstRtpAt: number; firstAudioAt: number; marks: Record<string, number> }>;
  /** True while an incoming call rings here. */
  ringing(): boolean;
  /** Answers the ringing call; resolves with when answer() was made and the first inbound RTP and audio here. */
  answer(timeoutMs: number): Promise<{ answeredAt: number; firstRtpAt: number; firstAudioAt: number; marks: Record<string, number> }>;
  /** The first inbound audio on the current (or next) call here, in epoch ms. */
  firstAudio(timeoutMs: number): Promise<number>;
  hangup(): void;
  /** No call here (ended or never started). */
  idle(): boolean;
}
