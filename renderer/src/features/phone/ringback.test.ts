import { describe, expect, it } from 'vitest';
import { createRingback, RINGBACK_HZ, RINGBACK_LEVEL, RINGBACK_PERIOD_S, ringbackSteps } from './ringback.ts';
import type { RingContext } from './ringer.ts';

/** WebAudio as plain records: the oscillator, the gain schedule, the destination's track. */
function fakeContext() {
  const state = { hz: 0, started: false, stopped: false, closed: false, cancelled: 0, trackStopped: false, steps: [] as [number, number][] };
  const track = { kind: 'audio', stop: () => (state.trackStopped = true) } as unknown as MediaStreamTrack;
  const context = {
    currentTime: 7,
    createOscillator: () => ({
      frequency: {
        set value(v: number) {
          state.hz = v;
        },
        get value() {
          return state.hz;
        },
      },
      connect: () => undefined,
      disconnect: () => undefined,
      start: () => (state.started = true),
      stop: () => (state.stopped = true),
    }),
    createGain: () => ({
      gain: { setValueAtTime: (v: number, t: number) => state.steps.push([t, v]), cancelScheduledValues: () => (state.cancelled += 1) },
      connect: () => undefined,
      disconnect: () => undefined,
    }),
    createMediaStreamDestination: () => ({ stream: { getAudioTracks: () => [track] } as unknown as MediaStream, connect: () => undefined, disconnect: () => undefined }),
    resume: async () => undefined,
    close: async () => {
      state.closed = true;
    },
  };
  return { context: context as unknown as RingContext & { currentTime: number }, state, track };
}

function fakeTimers() {
  const intervals: { run: () => void; ms: number; cleared: boolean }[] = [];
  return {
    intervals,
    timers: {
      setInterval: (run: () => void, ms: number) => {
        const handle = { run, ms, cleared: false };
        intervals.push(handle);
        return handle;
      },
      clearInterval: (handle: unknown) => ((handle as { cleared: boolean }).cleared = true),
    },
  };
}

describe('ringback (450 Hz, 1 s on / 4 s off)', () => {
  it('one period: the tone at t0, silence one second later', () => {
    expect(ringbackSteps(3)).toEqual([
      [3, RINGBACK_LEVEL],
      [4, 0],
    ]);
    expect(RINGBACK_PERIOD_S).toBe(5);
  });

  it('a 450 Hz oscillator, silent until the first period starts, three periods on the audio clock and refilled', () => {
    const { context, state, track } = fakeContext();
    const { timers, intervals } = fakeTimers();
    const ringback = createRingback({ createContext: () => context, timers });
    expect(ringback.track).toBe(track);
    expect(state.hz).toBe(RINGBACK_HZ);
    expect(state.started).toBe(true);
    expect(state.steps[0]).toEqual([7, 0]);
    const ons = state.steps.filter(([, v]) => v > 0).map(([t]) => t);
    expect(ons).toEqual([7, 12, 17]);
    expect(intervals[0]?.ms).toBe(5_000);
    // Ten seconds later the refill keeps three periods ahead without rescheduling the past.
    context.currentTime = 17;
    intervals[0]?.run();
    const after = state.steps.filter(([, v]) => v > 0).map(([t]) => t);
    expect(after).toEqual([7, 12, 17, 22, 27]);
  });

  it('stop silences the tone, ends the track, closes the context, once', () => {
    const { context, state } = fakeContext();
    const { timers, intervals } = fakeTimers();
    const ringback = createRingback({ createContext: () => context, timers });
    ringback.stop();
    ringback.stop();
    expect(state.stopped).toBe(true);
    expect(state.trackStopped).toBe(true);
    expect(state.closed).toBe(true);
    expect(state.cancelled).toBe(1);
    expect(intervals[0]?.cleared).toBe(true);
  });
});
