import { rms, type DeviceInfoLike } from './audio-devices.ts';

/**
 * The browser side of the audio-device panel: the device list, the microphone level meter
 * (an AnalyserNode on a capture of the chosen microphone) and the test tone (generated,
 * played through an `<audio>` element on the chosen speaker — the same path the far end's
 * audio takes). The device store drives these through the interfaces below, so its tests
 * can stand in for the browser.
 */
export interface MediaPort {
  enumerate(): Promise<DeviceInfoLike[]>;
  /** Called when a device is plugged in or out; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Opens the microphone once and closes it again: afterwards the browser shows device names. */
  reveal(): Promise<void>;
}

export interface MicMeter {
  /** RMS of the latest analyser frame (0…1). */
  rms(): number;
  stop(): void;
}

export type CheckFailure = 'denied' | 'unavailable' | 'failed';

export class DeviceCheckError extends Error {
  readonly failure: CheckFailure;
  constructor(failure: CheckFailure) {
    super(failure);
    this.name = 'DeviceCheckError';
    this.failure = failure;
  }
}

export interface DeviceChecker {
  openMicMeter(deviceId: string | null): Promise<MicMeter>;
  /** Plays a short tone on the speaker (null: the system default); resolves when it has played. */
  playTone(sinkId: string | null, ms: number): Promise<void>;
}

/** getUserMedia's and setSinkId's errors → what the panel says. */
export function failureOf(error: unknown): CheckFailure {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'unavailable';
  return 'failed';
}

/** Exact: Chromium treats an `ideal` deviceId as no preference (measured: it opens the default device). */
export const microphoneConstraints = (deviceId: string | null): MediaStreamConstraints => ({
  audio: deviceId === null ? true : { deviceId: { exact: deviceId } },
  video: false,
});

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Routes an audio element to a speaker (null: the system default). */
export async function routeTo(element: HTMLAudioElement, sinkId: string | null): Promise<void> {
  const el = element as SinkElement;
  if (typeof el.setSinkId !== 'function') throw new DeviceCheckError('unavailable');
  await el.setSinkId(sinkId ?? '');
}

/** The browser's device list; a page without media devices (no secure context, a test DOM) lists none. */
export function browserMediaPort(media: MediaDevices | undefined = globalThis.navigator?.mediaDevices): MediaPort {
  return {
    enumerate: async () => (media ? (await media.enumerateDevices()).map((d) => ({ deviceId: d.deviceId, kind: d.kind, label: d.label })) : []),
    onChange(listener) {
      media?.addEventListener('devicechange', listener);
      return () => media?.removeEventListener('devicechange', listener);
    },
    async reveal() {
      if (!media) throw new DeviceCheckError('unavailable');
      try {
        const stream = await media.getUserMedia(microphoneConstraints(null));
        for (const track of stream.getTracks()) track.stop();
      } catch (error) {
        throw new DeviceCheckError(failureOf(error));
      }
    },
  };
}

export function browserDeviceChecker(media: MediaDevices | undefined = globalThis.navigator?.mediaDevices): DeviceChecker {
  return {
    async openMicMeter(deviceId) {
      if (!media) throw new DeviceCheckError('unavailable');
      let stream: MediaStream;
      try {
        stream = await media.getUserMedia(microphoneConstraints(deviceId));
      } catch (error) {
        throw new DeviceCheckError(failureOf(error));
      }
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      const frame = new Float32Array(analyser.fftSize);
      return {
        rms() {
          analyser.getFloatTimeDomainData(frame);
          return rms(frame);
        },
        stop() {
          for (const track of stream.getTracks()) track.stop();
          void context.close();
        },
      };
    },
    async playTone(sinkId, ms) {
      const context = new AudioContext();
      const element = document.createElement('audio');
      element.hidden = true;
      // In the document while it plays, so a test can see which speaker it went to.
      element.dataset['testid'] = 'phone-test-tone';
      try {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = 660;
        const gain = context.createGain();
        gain.gain.value = 0.2;
        const destination = context.createMediaStreamDestination();
        oscillator.connect(gain).connect(destination);
        await routeTo(element, sinkId);
        element.srcObject = destination.stream;
        document.body.append(element);
        oscillator.start();
        await element.play();
        await new Promise((resolve) => setTimeout(resolve, ms));
        oscillator.stop();
      } catch (error) {
        throw error instanceof DeviceCheckError ? error : new DeviceCheckError(failureOf(error));
      } finally {
        element.srcObject = null;
        element.remove();
        void context.close();
      }
    },
  };
}
