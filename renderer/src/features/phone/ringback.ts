import type { GainLike, OscillatorLike, RingContext } from './ringer.ts';

/**
 * The ringback tone the desk sends to the caller while the agent is rung with early media
 * (jssip-early-media.ts): once the desk has answered the INVITE with a 183 carrying SDP, the
 * caller's side stops generating its own ringback and plays what arrives, so the desk must
 * send one — silence would sound like a dead line. Chinese cadence (YD/T 1970 / GB 16836):
 * 450 Hz, 1 s on, 4 s off, generated with WebAudio (oscillator → gain → MediaStream
 * destination) and put on the call's audio sender until the agent answers. Nothing of the
 * agent's microphone is sent meanwhile.
 */
export const RINGBACK_HZ = 450;
export const RINGBACK_ON_S = 1;
export const RINGBACK_OFF_S = 4;
export const RINGBACK_PERIOD_S = RINGBACK_ON_S + RINGBACK_OFF_S;
/** About −14 dBFS: clearly audible, well below the agent's speech level after answer. */
export const RINGBACK_LEVEL = 0.2;
/** Periods scheduled ahead on the audio clock; refilled every period, so a stalled timer cannot cut the tone short. */
const PERIODS_AHEAD = 3;

export interface Ringback {
  /** The generated tone as a track for the call's audio sender. */
  readonly track: MediaStreamTrack;
  /** Stops the tone and closes its AudioContext (idempotent). */
  stop(): void;
}

export interface RingbackDeps {
  createContext(): RingContext;
  timers?: { setInterval(callback: () => void, ms: number): unknown; clearInterval(handle: unknown): void };
}

/** The gain changes of one period starting at `t0`: [time, level] pairs. */
export function ringbackSteps(t0: number, level = RINGBACK_LEVEL): [number, number][] {
  return [
    [t0, level],
    [t0 + RINGBACK_ON_S, 0],
  ];
}

export function createRingback(deps: RingbackDeps): Ringback {
  const timers = deps.timers ?? { setInterval: (run: () => void, ms: number): unknown => setInterval(run, ms), clearInterval: (h: unknown) => clearInterval(h as number) };
  const context = deps.createContext();
  const gain: GainLike = context.createGain();
  const start = context.currentTime;
  gain.gain.setValueAtTime(0, start);
  const destination = context.createMediaStreamDestination();
  gain.connect(destination);
  const oscillator: OscillatorLike = context.createOscillator();
  oscillator.frequency.value = RINGBACK_HZ;
  oscillator.connect(gain);
  oscillator.start();
  let scheduledUntil = start;
  const scheduleAhead = () => {
    let t = Math.max(scheduledUntil, context.currentTime);
    while (t < context.currentTime + PERIODS_AHEAD * RINGBACK_PERIOD_S) {
      for (const [time, level] of ringbackSteps(t)) gain.gain.setValueAtTime(level, time);
      t += RINGBACK_PERIOD_S;
    }
    scheduledUntil = t;
  };
  scheduleAhead();
  const timer = timers.setInterval(scheduleAhead, RINGBACK_PERIOD_S * 1000);
  void context.resume().catch(() => undefined);
  const track = destination.stream.getAudioTracks()[0];
  if (!track) throw new Error('ringback: the destination has no audio track');
  let stopped = false;
  return {
    track,
    stop() {
      if (stopped) return;
      stopped = true;
      timers.clearInterval(timer);
      gain.gain.cancelScheduledValues(0);
      oscillator.stop();
      oscillator.disconnect();
      gain.disconnect();
      track.stop();
      void context.close().catch(() => undefined);
    },
  };
}

/** The ringback in the page's WebAudio. */
export const browserRingback = (): Ringback => createRingback({ createContext: () => new AudioContext() as unknown as RingContext });
