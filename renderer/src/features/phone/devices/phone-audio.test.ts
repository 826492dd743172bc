import { describe, expect, it } from 'vitest';
import type { PhoneCodes, SipCredentials } from '../../../../../electron/contract/phone.ts';
import { ScriptedEngine } from '../../../test-support/scripted-engine.ts';
import type { PhoneBridge } from '../phone-state.ts';
import { createPhoneStore } from '../phone-store.ts';

/**
 * The phone store's side of the audio devices: the devices in use reach the engine (also
 * mid-call, only what changed), the ringer is exposed for the ringtone, and a choice made
 * before the phone started is handed to the engine when it does.
 */
const CODES: PhoneCodes = { notReadyReasons: [], dispositions: [], wrapUpSeconds: 30 };
const CREDS: SipCredentials = { username: '1:A1001', password: 'cA==', expiresAt: Date.now() + 600_000, uri: 'sip:A1001@lab', servers: [{ url: 'wss://sbc/ws', weight: 1 }] };

function world() {
  const bridge: PhoneBridge = {
    credentials: () => Promise.resolve({ ok: true, value: CREDS }),
    reportState: () => Promise.resolve({ ok: true, value: null }),
    codes: () => Promise.resolve({ ok: true, value: CODES }),
  } as PhoneBridge;
  let engine: ScriptedEngine | null = null;
  const store = createPhoneStore({ bridge, engine: (emit) => (engine = new ScriptedEngine(emit)) } as Parameters<typeof createPhoneStore>[0]);
  return { store, calls: () => engine?.calls ?? [] };
}

describe('phone store: audio devices', () => {
  it('a choice made before start reaches the engine when it is made; system defaults are not passed on', () => {
    const w = world();
    w.store.getState().applyAudioDevices({ microphone: 'mic-2', speaker: null, ringer: 'out-2' });
    expect(w.store.getState().ringerDeviceId).toBe('out-2');
    w.store.getState().start();
    expect(w.calls()).toEqual(['input mic-2']);
    w.store.getState().stop();
  });

  it('passes only what changed, and keeps the devices across a stop', () => {
    const w = world();
    w.store.getState().start();
    w.store.getState().applyAudioDevices({ microphone: null, speaker: 'out-1', ringer: null });
    w.store.getState().applyAudioDevices({ microphone: 'mic-1', speaker: 'out-1', ringer: 'out-2' });
    w.store.getState().applyAudioDevices({ microphone: 'mic-1', speaker: null, ringer: 'out-2' });
    expect(w.calls().filter((c) => c.startsWith('input') || c.startsWith('output'))).toEqual(['output out-1', 'input mic-1', 'output default']);
    expect(w.store.getState().ringerDeviceId).toBe('out-2');
    w.store.getState().stop();
    expect(w.store.getState().audioDevices).toEqual({ microphone: 'mic-1', speaker: null, ringer: 'out-2' });
    expect(w.store.getState().ringerDeviceId).toBe('out-2');
  });
});
