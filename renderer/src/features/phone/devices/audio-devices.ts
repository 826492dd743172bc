import type { AudioDevices } from '../../../../../electron/contract/channels.ts';

/** What the agent chooses: the microphone, where the far end plays, where the ringtone plays. */
export type DeviceRole = keyof AudioDevices;
export const DEVICE_ROLES: readonly DeviceRole[] = ['microphone', 'speaker', 'ringer'];

export const SYSTEM_DEFAULTS: AudioDevices = Object.freeze({ microphone: null, speaker: null, ringer: null });

export interface DeviceOption {
  id: string;
  /** The device's name; null until the page may see names (the browser hides them before microphone access). */
  label: string | null;
  /** 1-based position among its kind, for a name when the label is hidden ("Microphone 2"). */
  position: number;
}

/** The slice of MediaDeviceInfo we read. */
export interface DeviceInfoLike {
  deviceId: string;
  kind: string;
  label: string;
}

/** The browser's own "default"/"communications" entries stand for the system default, which `null` already offers. */
const ALIASES = new Set(['default', 'communications']);

/**
 * The devices of one kind as the selects offer them: real devices only (the system default
 * is the select's first entry, `null`), each once, in the browser's order.
 */
export function optionsOf(devices: readonly DeviceInfoLike[], kind: 'audioinput' | 'audiooutput'): DeviceOption[] {
  const seen = new Set<string>();
  const options: DeviceOption[] = [];
  for (const device of devices) {
    if (device.kind !== kind || device.deviceId === '' || ALIASES.has(device.deviceId) || seen.has(device.deviceId)) continue;
    seen.add(device.deviceId);
    options.push({ id: device.deviceId, label: device.label.trim() === '' ? null : device.label, position: options.length + 1 });
  }
  return options;
}

export const kindOf = (role: DeviceRole): 'audioinput' | 'audiooutput' => (role === 'microphone' ? 'audioinput' : 'audiooutput');

/**
 * The device to use for a role: the stored choice while that device is present, else the
 * system default (null) — an unplugged headset must not leave the agent without audio.
 * While the list is still unknown (empty), the stored choice stands.
 */
export function effectiveDevice(chosen: string | null, options: readonly DeviceOption[]): string | null {
  if (chosen === null || options.length === 0) return chosen;
  return options.some((o) => o.id === chosen) ? chosen : null;
}

/** Labels are visible once any device of the list has one. */
export const labelsVisible = (options: readonly DeviceOption[]): boolean => options.some((o) => o.label !== null);

/** Root-mean-square of one analyser frame (time domain, −1…1): 0 for silence, ~0.7 for a full-scale sine. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const v = samples[i] ?? 0;
    sum += v * v;
  }
  return Math.sqrt(sum / samples.length);
}

/**
 * The meter's 0…100 reading for an RMS value: logarithmic like an ear (−60 dBFS → 0,
 * 0 dBFS → 100), so a quiet voice still moves it.
 */
export function meterLevel(value: number): number {
  if (!(value > 0)) return 0;
  const db = 20 * Math.log10(value);
  return Math.round(Math.min(100, Math.max(0, ((db + 60) / 60) * 100)));
}
