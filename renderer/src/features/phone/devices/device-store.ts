import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AudioDevices, DeskSettings, DeskSettingsUpdate } from '../../../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';
import { effectiveDevice, kindOf, meterLevel, optionsOf, SYSTEM_DEFAULTS, type DeviceOption, type DeviceRole } from './audio-devices.ts';
import { DeviceCheckError, type CheckFailure, type DeviceChecker, type MediaPort, type MicMeter } from './device-check.ts';

/** `desk.settings` (channels.ts settings.get / settings.set): where the choice is kept, per operator. */
export interface SettingsBridge {
  get(): Promise<DeskResult<DeskSettings>>;
  set(update: DeskSettingsUpdate): Promise<DeskResult<DeskSettings>>;
}

export type MicCheck = { status: 'idle' } | { status: 'starting' } | { status: 'running'; level: number } | { status: 'failed'; failure: CheckFailure };
export type ToneCheck = { status: 'idle' } | { status: 'playing' } | { status: 'played' } | { status: 'failed'; failure: CheckFailure };

export interface DeviceData {
  inputs: DeviceOption[];
  outputs: DeviceOption[];
  /** The browser answered the device list at least once. */
  listed: boolean;
  /** The operator's stored choice (null: the system default). */
  chosen: AudioDevices;
  /** What is used now: the choice while that device is present, else the system default. */
  effective: AudioDevices;
  /** The choice could not be stored (it still applies until sign-out). */
  saveFailed: boolean;
  /** Asking for microphone access so the devices' names show. */
  reveal: 'idle' | 'asking' | CheckFailure;
  mic: MicCheck;
  tone: ToneCheck;
}

export interface DeviceActions {
  /** Reads the stored choice and the device list; follows plugging and unplugging. */
  load(): void;
  revealNames(): void;
  choose(role: DeviceRole, id: string | null): void;
  startMicCheck(): void;
  stopMicCheck(): void;
  playTestTone(): void;
  /** Stops the meter and the device watch (sign-out). */
  dispose(): void;
}

export type DeviceState = DeviceData & DeviceActions;

export interface DeviceStoreDeps {
  settings: SettingsBridge;
  media: MediaPort;
  checker: DeviceChecker;
  /** Told whenever the devices in use change (the phone switches its microphone and speaker, even mid-call). */
  onEffective(devices: AudioDevices): void;
  /** The pre-call test is refused during a call: it would open the microphone a second time. */
  inCall(): boolean;
  timers?: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

/** How often the meter reads the analyser, and how long a test may keep the microphone open. */
export const METER_INTERVAL_MS = 100;
export const MIC_CHECK_LIMIT_MS = 30_000;
export const TEST_TONE_MS = 1_000;

const sameDevices = (a: AudioDevices, b: AudioDevices) => a.microphone === b.microphone && a.speaker === b.speaker && a.ringer === b.ringer;

export function createDeviceStore({ settings, media, checker, onEffective, inCall, timers = globalThis }: DeviceStoreDeps): StoreApi<DeviceState> {
  return createStore<DeviceState>()((set, get) => {
    let disposed = false;
    let unwatch: (() => void) | null = null;
    let meter: MicMeter | null = null;
    let meterTimer: unknown = null;
    let meterStartedAt = 0;
    let micAttempt = 0;
    // A choice made before the stored one arrived is newer than it.
    let chosenByOperator = false;
    // Saves run one after another, so core ends up with the last choice.
    let saving: Promise<unknown> = Promise.resolve();

    const recompute = () => {
      const { chosen, inputs, outputs } = get();
      const effective: AudioDevices = {
        microphone: effectiveDevice(chosen.microphone, inputs),
        speaker: effectiveDevice(chosen.speaker, outputs),
        ringer: effectiveDevice(chosen.ringer, outputs),
      };
      if (sameDevices(effective, get().effective)) return;
      set({ effective });
      onEffective(effective);
    };

    const refresh = async () => {
      let devices;
      try {
        devices = await media.enumerate();
      } catch {
        return; // no list: the system defaults still work
      }
      if (disposed) return;
      set({ inputs: optionsOf(devices, 'audioinput'), outputs: optionsOf(devices, 'audiooutput'), listed: true });
      recompute();
    };

    const clearMeter = () => {
      if (meterTimer !== null) timers.clearTimeout(meterTimer);
      meterTimer = null;
      meter?.stop();
      meter = null;
    };
    const readMeter = () => {
      meterTimer = null;
      if (!meter) return;
      if (Date.now() - meterStartedAt > MIC_CHECK_LIMIT_MS) {
        get().stopMicCheck();
        return;
      }
      set({ mic: { status: 'running', level: meterLevel(meter.rms()) } });
      meterTimer = timers.setTimeout(readMeter, METER_INTERVAL_MS);
    };

    return {
      inputs: [],
      outputs: [],
      listed: false,
      chosen: SYSTEM_DEFAULTS,
      effective: SYSTEM_DEFAULTS,
      saveFailed: false,
      reveal: 'idle',
      mic: { status: 'idle' },
      tone: { status: 'idle' },
      load() {
        // Loading again after a dispose (React's strict mode mounts twice) starts over.
        disposed = false;
        unwatch ??= media.onChange(() => void refresh());
        void settings.get().then(
          (result) => {
            if (disposed || chosenByOperator || !result.ok) return;
            set({ chosen: result.value.audioDevices ?? SYSTEM_DEFAULTS });
            recompute();
          },
          () => undefined, // unreadable: the system defaults apply
        );
        void refresh();
      },
      revealNames() {
        if (get().reveal === 'asking') return;
        set({ reveal: 'asking' });
        media.reveal().then(
          () => {
            if (disposed) return;
            set({ reveal: 'idle' });
            void refresh();
          },
          (error: unknown) => {
            if (!disposed) set({ reveal: error instanceof DeviceCheckError ? error.failure : 'failed' });
          },
        );
      },
      choose(role, id) {
        const options = kindOf(role) === 'audioinput' ? get().inputs : get().outputs;
        if (id !== null && !options.some((o) => o.id === id)) return;
        chosenByOperator = true;
        const chosen = { ...get().chosen, [role]: id };
        set({ chosen, saveFailed: false });
        recompute();
        // A running meter follows the new microphone.
        if (role === 'microphone' && meter !== null) {
          get().stopMicCheck();
          get().startMicCheck();
        }
        saving = saving
          .then(() => settings.set({ audioDevices: chosen }))
          .then(
            (result) => {
              if (!disposed && !result.ok) set({ saveFailed: true });
            },
            () => {
              if (!disposed) set({ saveFailed: true });
            },
          );
      },
      startMicCheck() {
        const status = get().mic.status;
        if (disposed || inCall() || status === 'starting' || status === 'running') return;
        const attempt = (micAttempt += 1);
        set({ mic: { status: 'starting' } });
        checker.openMicMeter(get().effective.microphone).then(
          (opened) => {
            // Stopped, restarted or a call began meanwhile: this meter is not wanted.
            if (disposed || attempt !== micAttempt || inCall()) {
              opened.stop();
              if (!disposed && attempt === micAttempt) set({ mic: { status: 'idle' } });
              return;
            }
            meter = opened;
            meterStartedAt = Date.now();
            readMeter();
            void refresh(); // names are visible now
          },
          (error: unknown) => {
            if (!disposed && attempt === micAttempt) set({ mic: { status: 'failed', failure: error instanceof DeviceCheckError ? error.failure : 'failed' } });
          },
        );
      },
      stopMicCheck() {
        micAttempt += 1;
        clearMeter();
        if (!disposed) set({ mic: { status: 'idle' } });
      },
      playTestTone() {
        if (disposed || inCall() || get().tone.status === 'playing') return;
        set({ tone: { status: 'playing' } });
        checker.playTone(get().effective.speaker, TEST_TONE_MS).then(
          () => {
            if (!disposed) set({ tone: { status: 'played' } });
          },
          (error: unknown) => {
            if (!disposed) set({ tone: { status: 'failed', failure: error instanceof DeviceCheckError ? error.failure : 'failed' } });
          },
        );
      },
      dispose() {
        disposed = true;
        micAttempt += 1;
        clearMeter();
        unwatch?.();
        unwatch = null;
      },
    };
  });
}
