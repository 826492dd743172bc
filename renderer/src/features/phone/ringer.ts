/**
 * The ringtone, generated with WebAudio — no audio file to ship or load. Two tones, 400 Hz
 * and 450 Hz, mixed and gated in the double-ring cadence (0.4 s on, 0.2 s off, 0.4 s on,
 * 2 s off). The sound is built in an AudioContext and handed to an `<audio>` element through
 * a MediaStreamAudioDestinationNode, because only an element can be routed to the ringer
 * device the agent chose (`setSinkId`; the permission table's `speaker-selection`) — a
 * headset agent still hears the ring on the desk's loudspeaker.
 *
 * The element lives in the document body, outside the workspace, so the ring is heard under
 * the lock screen too. It carries `data-state` (ringing / silent) for tests and the e2e.
 */

/** One cadence: [on, off] pairs in seconds. */
export const RING_CADENCE: readonly (readonly [number, number])[] = [
  [0.4, 0.2],
  [0.4, 2.0],
];
export const RING_PERIOD_S = RING_CADENCE.reduce((sum, [on, off]) => sum + on + off, 0);
export const RING_TONES_HZ = [400, 450] as const;
/** Loud enough to be heard across a room, well below clipping with both tones summed. */
export const RING_LEVEL = 0.25;
/** Cadences scheduled ahead on the audio clock; refilled each period, so a stalled timer cannot cut the ring short. */
const CADENCES_AHEAD = 3;

// --- the slices of WebAudio and the DOM the ringer uses (tests pass fakes) ---
export interface ParamLike {
  setValueAtTime(value: number, time: number): unknown;
  cancelScheduledValues(time: number): unknown;
}
export interface NodeLike {
  connect(destination: unknown): unknown;
  disconnect(): void;
}
export interface OscillatorLike extends NodeLike {
  frequency: { value: number };
  start(): void;
  stop(): void;
}
export interface GainLike extends NodeLike {
  gain: ParamLike;
}
export interface RingContext {
  readonly currentTime: number;
  createOscillator(): OscillatorLike;
  createGain(): GainLike;
  createMediaStreamDestination(): NodeLike & { stream: MediaStream };
  resume(): Promise<void>;
  close(): Promise<void>;
}
export interface RingElement {
  srcObject: MediaStream | null;
  dataset: DOMStringMap;
  setSinkId?(sinkId: string): Promise<void>;
  play(): Promise<void>;
  pause(): void;
}
export interface RingerDeps {
  createContext(): RingContext;
  element: RingElement;
  timers?: { setInterval(callback: () => void, ms: number): unknown; clearInterval(handle: unknown): void };
  /** Told when the chosen device could not be used (the ring falls back to the default device). */
  onSinkFailed?(deviceId: string): void;
}

export interface Ringer {
  /** Rings on `deviceId` (null: the system default) until stop(); a second start only moves it to the device. */
  start(deviceId: string | null): void;
  stop(): void;
  ringing(): boolean;
}

/** The gain changes of one cadence starting at `t0`: [time, level] pairs. */
export function cadenceSteps(t0: number, level = RING_LEVEL): [number, number][] {
  const steps: [number, number][] = [];
  let t = t0;
  for (const [on, off] of RING_CADENCE) {
    steps.push([t, level], [t + on, 0]);
    t += on + off;
  }
  return steps;
}

export function createRinger(deps: RingerDeps): Ringer {
  const timers = deps.timers ?? { setInterval: (run: () => void, ms: number): unknown => setInterval(run, ms), clearInterval: (h: unknown) => clearInterval(h as number) };
  const element = deps.element;
  element.dataset['state'] = 'silent';
  let running: { context: RingContext; oscillators: OscillatorLike[]; gain: GainLike; timer: unknown; scheduledUntil: number } | null = null;
  let device: string | null = null;

  const route = (deviceId: string | null) => {
    device = deviceId;
    if (!element.setSinkId) return;
    // '' is the system default output.
    element.setSinkId(deviceId ?? '').catch(() => {
      if (deviceId === null) return;
      deps.onSinkFailed?.(deviceId);
      if (device === deviceId) void element.setSinkId?.('').catch(() => undefined);
    });
  };

  const scheduleAhead = () => {
    if (!running) return;
    const { context, gain } = running;
    // Refill so that at least CADENCES_AHEAD periods are always on the clock.
    const from = Math.max(running.scheduledUntil, context.currentTime);
    let t = from;
    while (t < context.currentTime + CADENCES_AHEAD * RING_PERIOD_S) {
      for (const [time, level] of cadenceSteps(t)) gain.gain.setValueAtTime(level, time);
      t += RING_PERIOD_S;
    }
    running.scheduledUntil = t;
  };

  return {
    start(deviceId) {
      if (running) {
        if (deviceId !== device) route(deviceId);
        return;
      }
      const context = deps.createContext();
      const gain = context.createGain();
      gain.gain.setValueAtTime(0, context.currentTime);
      const destination = context.createMediaStreamDestination();
      gain.connect(destination);
      const oscillators = RING_TONES_HZ.map((hz) => {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = hz;
        oscillator.connect(gain);
        oscillator.start();
        return oscillator;
      });
      running = { context, oscillators, gain, timer: null, scheduledUntil: context.currentTime };
      scheduleAhead();
      running.timer = timers.setInterval(scheduleAhead, RING_PERIOD_S * 1000);
      route(deviceId);
      element.srcObject = destination.stream;
      element.dataset['state'] = 'ringing';
      void context.resume().catch(() => undefined);
      // Autoplay is allowed for the desk (app://, and the e2e's flag); a refusal leaves the
      // notification and the banner to tell the agent.
      void element.play().catch(() => undefined);
    },
    stop() {
      if (!running) return;
      const { context, oscillators, gain, timer } = running;
      running = null;
      timers.clearInterval(timer);
      gain.gain.cancelScheduledValues(0);
      for (const oscillator of oscillators) {
        oscillator.stop();
        oscillator.disconnect();
      }
      gain.disconnect();
      element.pause();
      element.srcObject = null;
      element.dataset['state'] = 'silent';
      void context.close().catch(() => undefined);
    },
    ringing: () => running !== null,
  };
}

/** The ringer on a hidden `<audio>` element appended to the document body (the caller removes it). */
export function browserRinger(onSinkFailed?: (deviceId: string) => void): { ringer: Ringer; element: HTMLAudioElement } {
  const element = document.createElement('audio');
  element.hidden = true;
  element.dataset['testid'] = 'phone-ringer';
  const ringer = createRinger({
    createContext: () => new AudioContext() as unknown as RingContext,
    element: element as unknown as RingElement,
    ...(onSinkFailed ? { onSinkFailed } : {}),
  });
  return { ringer, element };
}
