import { describe, expect, it } from 'vitest';
import { cadenceSteps, createRinger, RING_LEVEL, RING_PERIOD_S, RING_TONES_HZ, type RingContext, type RingElement } from './ringer.ts';

/** WebAudio and the element as plain records: what was created, connected, scheduled and stopped. */
class FakeContext {
  currentTime = 10;
  closed = false;
  readonly oscillators: { hz: number; started: boolean; stopped: boolean; to: unknown }[] = [];
  readonly gainSteps: [number, number][] = [];
  cancelled = 0;
  readonly stream = { id: 'ring-stream' } as unknown as MediaStream;
  createOscillator() {
    const o = { hz: 0, started: false, stopped: false, to: null as unknown };
    this.oscillators.push(o);
    return {
      frequency: {
        set value(v: number) {
          o.hz = v;
        },
        get value() {
          return o.hz;
        },
      },
      connect: (d: unknown) => (o.to = d),
      disconnect: () => undefined,
      start: () => (o.started = true),
      stop: () => (o.stopped = true),
    };
  }
  createGain() {
    return {
      gain: { setValueAtTime: (v: number, t: number) => this.gainSteps.push([t, v]), cancelScheduledValues: () => (this.cancelled += 1) },
      connect: () => undefined,
      disconnect: () => undefined,
    };
  }
  createMediaStreamDestination() {
    return { stream: this.stream, connect: () => undefined, disconnect: () => undefined };
  }
  resume = async () => undefined;
  close = async () => {
    this.closed = true;
  };
}

function world(o: { sinkFails?: string[] } = {}) {
  const contexts: FakeContext[] = [];
  const sinks: string[] = [];
  const failed: string[] = [];
  let played = 0;
  let paused = 0;
  const element: RingElement = {
    srcObject: null,
    dataset: {},
    setSinkId: async (id) => {
      sinks.push(id);
      if (o.sinkFails?.includes(id)) throw new DOMException('not found', 'NotFoundError');
    },
    play: async () => {
      played += 1;
    },
    pause: () => {
      paused += 1;
    },
  };
  const intervals = new Map<number, () => void>();
  let nextId = 0;
  const ringer = createRinger({
    createContext: () => {
      const c = new FakeContext();
      contexts.push(c);
      return c as unknown as RingContext;
    },
    element,
    timers: {
      setInterval: (cb) => {
        intervals.set((nextId += 1), cb);
        return nextId;
      },
      clearInterval: (h) => intervals.delete(h as number),
    },
    onSinkFailed: (id) => failed.push(id),
  });
  return { ringer, element, contexts, sinks, failed, intervals, played: () => played, paused: () => paused };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the ringer', () => {
  it('is the double-ring cadence: two bursts of 0.4 s, 0.2 s apart, then 2 s of silence', () => {
    expect(RING_PERIOD_S).toBeCloseTo(3);
    const steps = cadenceSteps(5);
    expect(steps.map(([, level]) => level)).toEqual([RING_LEVEL, 0, RING_LEVEL, 0]);
    const times = steps.map(([t]) => t);
    [5, 5.4, 5.6, 6].forEach((t, i) => expect(times[i]).toBeCloseTo(t));
  });

  it('start: two oscillators (400 + 450 Hz) into a gated gain, played through the element on the chosen device', async () => {
    const w = world();
    w.ringer.start('ring-device-2');
    await settle();
    const [context] = w.contexts;
    expect(context?.oscillators.map((o) => [o.hz, o.started])).toEqual(RING_TONES_HZ.map((hz) => [hz, true]));
    expect(w.element.srcObject).toBe(context?.stream);
    expect(w.element.dataset['state']).toBe('ringing');
    expect(w.sinks).toEqual(['ring-device-2']);
    expect(w.played()).toBe(1);
    expect(w.ringer.ringing()).toBe(true);
    // The gain is silent at first, then the cadence is on the audio clock, several periods ahead.
    expect(context?.gainSteps[0]).toEqual([10, 0]);
    expect(context?.gainSteps.filter(([, v]) => v === RING_LEVEL).length).toBeGreaterThanOrEqual(6);
    expect(w.intervals.size).toBe(1);
  });

  it('the default device is the system default output ("")', async () => {
    const w = world();
    w.ringer.start(null);
    await settle();
    expect(w.sinks).toEqual(['']);
  });

  it('a second start moves the ring to the new device without a second tone', async () => {
    const w = world();
    w.ringer.start(null);
    w.ringer.start(null);
    w.ringer.start('headset');
    await settle();
    expect(w.contexts).toHaveLength(1);
    expect(w.sinks).toEqual(['', 'headset']);
  });

  it('a device that cannot be used falls back to the default and says so', async () => {
    const w = world({ sinkFails: ['gone'] });
    w.ringer.start('gone');
    await settle();
    await settle();
    expect(w.failed).toEqual(['gone']);
    expect(w.sinks).toEqual(['gone', '']);
    expect(w.ringer.ringing()).toBe(true);
  });

  it('stop: oscillators stopped, cadence cancelled, element silent, context closed, timer gone; a second stop does nothing', async () => {
    const w = world();
    w.ringer.start(null);
    w.ringer.stop();
    await settle();
    const [context] = w.contexts;
    expect(context?.oscillators.every((o) => o.stopped)).toBe(true);
    expect(context?.cancelled).toBe(1);
    expect(context?.closed).toBe(true);
    expect(w.element.srcObject).toBeNull();
    expect(w.element.dataset['state']).toBe('silent');
    expect(w.paused()).toBe(1);
    expect(w.intervals.size).toBe(0);
    expect(w.ringer.ringing()).toBe(false);
    w.ringer.stop();
    expect(w.paused()).toBe(1);
  });

  it('keeps the cadence on the clock while it rings: each period refills what the clock used up', () => {
    const w = world();
    w.ringer.start(null);
    const [context] = w.contexts;
    if (!context) throw new Error('no context');
    const before = context.gainSteps.length;
    context.currentTime += RING_PERIOD_S;
    for (const tick of w.intervals.values()) tick();
    const added = context.gainSteps.slice(before);
    expect(added.length).toBeGreaterThan(0);
    // Appended after what was already scheduled, never overlapping it.
    const lastBefore = Math.max(...context.gainSteps.slice(0, before).map(([t]) => t));
    expect(Math.min(...added.map(([t]) => t))).toBeGreaterThan(lastBefore);
  });

  it('rings again after a stop with a fresh context', () => {
    const w = world();
    w.ringer.start(null);
    w.ringer.stop();
    w.ringer.start(null);
    expect(w.contexts).toHaveLength(2);
    expect(w.ringer.ringing()).toBe(true);
  });
});
