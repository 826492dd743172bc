import { describe, expect, it } from 'vitest';
import type { AudioDevices, DeskSettings, DeskSettingsUpdate } from '../../../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';
import { effectiveDevice, meterLevel, optionsOf, rms, type DeviceInfoLike } from './audio-devices.ts';
import { DeviceCheckError, failureOf, type DeviceChecker, type MediaPort, type MicMeter } from './device-check.ts';
import { createDeviceStore } from './device-store.ts';

/**
 * The device store against stand-ins for the browser's device list and audio graph (what
 * they really do is proven in e2e/specs/phone-devices.spec.ts with Chromium's fake devices)
 * and a settings bridge that keeps what it is given, like core.
 */
const DEVICES: DeviceInfoLike[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default' },
  { deviceId: 'mic-a', kind: 'audioinput', label: 'Headset mic' },
  { deviceId: 'mic-b', kind: 'audioinput', label: 'Desk mic' },
  { deviceId: 'out-a', kind: 'audiooutput', label: 'Headset' },
  { deviceId: 'out-b', kind: 'audiooutput', label: 'Speakers' },
  { deviceId: 'cam', kind: 'videoinput', label: 'Camera' },
];
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function world(options: { stored?: AudioDevices; devices?: DeviceInfoLike[]; saveFails?: boolean; inCall?: boolean } = {}) {
  let devices = options.devices ?? DEVICES;
  let change: (() => void) | null = null;
  const saved: DeskSettingsUpdate[] = [];
  const applied: AudioDevices[] = [];
  const opened: { id: string | null; stopped: boolean }[] = [];
  const tones: (string | null)[] = [];
  let level = 0.1;
  let inCall = options.inCall ?? false;
  let micFailure: DeviceCheckError | null = null;
  const media: MediaPort = {
    enumerate: async () => devices,
    onChange: (listener) => {
      change = listener;
      return () => (change = null);
    },
    reveal: async () => undefined,
  };
  const checker: DeviceChecker = {
    async openMicMeter(id) {
      if (micFailure) throw micFailure;
      const entry = { id, stopped: false };
      opened.push(entry);
      const meter: MicMeter = { rms: () => level, stop: () => void (entry.stopped = true) };
      return meter;
    },
    async playTone(sinkId) {
      tones.push(sinkId);
    },
  };
  const settings = {
    get: async (): Promise<DeskResult<DeskSettings>> => ({ ok: true, value: { language: 'zh-CN', ...(options.stored ? { audioDevices: options.stored } : {}) } }),
    set: async (update: DeskSettingsUpdate): Promise<DeskResult<DeskSettings>> => {
      saved.push(update);
      return options.saveFails ? { ok: false, error: { code: 'institution_unreachable' } } : { ok: true, value: { language: 'zh-CN', ...update } };
    },
  };
  const store = createDeviceStore({ settings, media, checker, onEffective: (d) => applied.push(d), inCall: () => inCall });
  return {
    store,
    saved,
    applied,
    opened,
    tones,
    setLevel: (v: number) => (level = v),
    setInCall: (v: boolean) => (inCall = v),
    failMic: (e: DeviceCheckError) => (micFailure = e),
    unplug(id: string) {
      devices = devices.filter((d) => d.deviceId !== id);
      change?.();
    },
  };
}

describe('audio device lists', () => {
  it('offer real devices once each (the browser\'s default entries are the select\'s 系统默认), labels hidden as null', () => {
    expect(optionsOf(DEVICES, 'audioinput')).toEqual([
      { id: 'mic-a', label: 'Headset mic', position: 1 },
      { id: 'mic-b', label: 'Desk mic', position: 2 },
    ]);
    expect(optionsOf([{ deviceId: 'x', kind: 'audiooutput', label: '' }, { deviceId: 'x', kind: 'audiooutput', label: '' }, { deviceId: '', kind: 'audiooutput', label: '' }], 'audiooutput')).toEqual([
      { id: 'x', label: null, position: 1 },
    ]);
  });

  it('fall back to the system default for a device that is gone, but keep the choice while the list is unknown', () => {
    const options = optionsOf(DEVICES, 'audiooutput');
    expect(effectiveDevice('out-b', options)).toBe('out-b');
    expect(effectiveDevice('unplugged', options)).toBeNull();
    expect(effectiveDevice('out-b', [])).toBe('out-b');
    expect(effectiveDevice(null, options)).toBeNull();
  });

  it('meter: RMS of a frame on a logarithmic 0–100 scale', () => {
    expect(rms([])).toBe(0);
    expect(rms([0.5, -0.5, 0.5, -0.5])).toBeCloseTo(0.5);
    expect(meterLevel(0)).toBe(0);
    expect(meterLevel(0.001)).toBe(0); // −60 dBFS
    expect(meterLevel(1)).toBe(100);
    expect(meterLevel(0.1)).toBe(67); // −20 dBFS
  });

  it('maps getUserMedia and setSinkId errors to what the panel says', () => {
    expect(failureOf(new DOMException('x', 'NotAllowedError'))).toBe('denied');
    expect(failureOf(new DOMException('x', 'NotFoundError'))).toBe('unavailable');
    expect(failureOf(new DOMException('x', 'OverconstrainedError'))).toBe('unavailable');
    expect(failureOf(new Error('boom'))).toBe('failed');
    expect(failureOf('odd')).toBe('failed');
  });
});

describe('device store', () => {
  it('loads the operator\'s stored choice and applies it once the devices are listed', async () => {
    const w = world({ stored: { microphone: 'mic-b', speaker: 'out-a', ringer: null } });
    w.store.getState().load();
    await flush();
    expect(w.store.getState().effective).toEqual({ microphone: 'mic-b', speaker: 'out-a', ringer: null });
    expect(w.applied.at(-1)).toEqual({ microphone: 'mic-b', speaker: 'out-a', ringer: null });
    expect(w.saved).toEqual([]);
  });

  it('stores a choice (ids only) and tells the phone; an unknown id is ignored', async () => {
    const w = world();
    w.store.getState().load();
    await flush();
    w.store.getState().choose('ringer', 'out-b');
    w.store.getState().choose('microphone', 'not-a-device');
    await flush();
    expect(w.saved).toEqual([{ audioDevices: { microphone: null, speaker: null, ringer: 'out-b' } }]);
    expect(w.applied.at(-1)).toEqual({ microphone: null, speaker: null, ringer: 'out-b' });
  });

  it('an unplugged device falls back to the system default and comes back when the list has it again', async () => {
    const w = world({ stored: { microphone: null, speaker: 'out-a', ringer: 'out-a' } });
    w.store.getState().load();
    await flush();
    w.unplug('out-a');
    await flush();
    expect(w.store.getState().chosen.speaker).toBe('out-a');
    expect(w.store.getState().effective).toEqual({ microphone: null, speaker: null, ringer: null });
  });

  it('says when the choice could not be stored, and still applies it', async () => {
    const w = world({ saveFails: true });
    w.store.getState().load();
    await flush();
    w.store.getState().choose('speaker', 'out-b');
    await flush();
    expect(w.store.getState().saveFailed).toBe(true);
    expect(w.store.getState().effective.speaker).toBe('out-b');
  });

  it('mic check: opens the chosen microphone, the level follows the analyser, stop closes it', async () => {
    const w = world({ stored: { microphone: 'mic-a', speaker: null, ringer: null } });
    w.store.getState().load();
    await flush();
    w.store.getState().startMicCheck();
    expect(w.store.getState().mic).toEqual({ status: 'starting' });
    await flush();
    expect(w.opened).toEqual([{ id: 'mic-a', stopped: false }]);
    expect(w.store.getState().mic).toEqual({ status: 'running', level: meterLevel(0.1) });
    w.store.getState().stopMicCheck();
    expect(w.opened[0]?.stopped).toBe(true);
    expect(w.store.getState().mic).toEqual({ status: 'idle' });
  });

  it('mic check: refused during a call, and a denied microphone is said so', async () => {
    const w = world({ inCall: true });
    w.store.getState().startMicCheck();
    await flush();
    expect(w.opened).toEqual([]);
    expect(w.store.getState().mic.status).toBe('idle');
    w.setInCall(false);
    w.failMic(new DeviceCheckError('denied'));
    w.store.getState().startMicCheck();
    await flush();
    expect(w.store.getState().mic).toEqual({ status: 'failed', failure: 'denied' });
  });

  it('test tone: plays on the chosen speaker, then says it played', async () => {
    const w = world({ stored: { microphone: null, speaker: 'out-b', ringer: null } });
    w.store.getState().load();
    await flush();
    w.store.getState().playTestTone();
    expect(w.store.getState().tone).toEqual({ status: 'playing' });
    await flush();
    expect(w.tones).toEqual(['out-b']);
    expect(w.store.getState().tone).toEqual({ status: 'played' });
  });

  it('dispose closes a running meter', async () => {
    const w = world();
    w.store.getState().startMicCheck();
    await flush();
    w.store.getState().dispose();
    expect(w.opened[0]?.stopped).toBe(true);
  });
});
