import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { useStores } from '../../state/context.tsx';
import type { EngineFactory } from './engine.ts';
import { browserDeviceChecker, browserMediaPort, type DeviceChecker, type MediaPort } from './devices/device-check.ts';
import { DeviceContext } from './devices/device-context.tsx';
import { createDeviceStore } from './devices/device-store.ts';
import { lazyEngine } from './lazy-engine.ts';
import { dialPlanReader } from './dial-plan-policy.ts';
import type { PhoneState } from './phone-state.ts';
import { createPhoneStore } from './phone-store.ts';
import { useMandatoryStore } from '../kb/mandatory/mandatory-context.tsx';
import { readyHeld } from '../kb/mandatory/mandatory-store.ts';

const PhoneContext = createContext<StoreApi<PhoneState> | null>(null);

/**
 * Owns the phone for as long as the workspace is mounted: the workspace stays mounted under
 * the lock screen, so a lock never ends a call; logout unmounts it, which hangs up and
 * unregisters. The remote-audio element lives in the document body, outside the (hidden,
 * inert) workspace, so the far end stays audible while the screen is locked.
 */
export function PhoneProvider({
  children,
  engine,
  devices: deviceApis,
}: {
  children: ReactNode;
  engine?: EngineFactory;
  /** The browser's devices and audio graph (tests pass stand-ins). */
  devices?: { media: MediaPort; checker: DeviceChecker };
}) {
  const stores = useStores();
  // The mandatory-read queue holds Ready (示闲) while it is not empty; none without kb.read.
  const mandatory = useMandatoryStore();
  const [phone] = useState(() => {
    const audio = remoteAudioElement('phone-remote-audio');
    // The consultation call's far end (transfer, conference) plays on its own element.
    const consultAudio = remoteAudioElement('phone-consult-audio');
    const store = createPhoneStore({
      bridge: stores.desk.phone,
      activity: stores.desk.activity,
      records: stores.desk.phone,
      // JsSIP is a chunk of its own, fetched when the phone starts (after sign-in), not with the login screen.
      engine: engine ?? lazyEngine(() => import('./jssip-engine.ts').then((m) => m.jsSipEngine({ audio, consultAudio, earlyMedia: () => stores.session.getState().policy?.earlyMedia !== false }))),
      // The institution's dial plan as the live policy says now (policy.get, policy.changed).
      dialPlan: dialPlanReader(() => stores.session.getState().policy?.dialPlan),
      readyGate: () => (mandatory === null ? false : readyHeld(mandatory.getState())),
    });
    // The operator's microphone, speaker and ringer (desk.settings), applied to the phone as they change.
    const devices = createDeviceStore({
      settings: stores.desk.settings,
      media: deviceApis?.media ?? browserMediaPort(),
      checker: deviceApis?.checker ?? browserDeviceChecker(),
      onEffective: (chosen) => store.getState().applyAudioDevices(chosen),
      inCall: () => store.getState().call !== null,
    });
    // A call that starts ends a running microphone test (it would hold the microphone twice).
    store.subscribe((next, previous) => {
      if (next.call !== null && previous.call === null) devices.getState().stopMicCheck();
    });
    // Sign-out waits for the call and its wrap-up: it would cut the customer off or lose the call's record.
    const holdSignOut = (state: PhoneState) => stores.ui.getState().setSignOutHold(state.call !== null ? 'call' : state.wrapUp !== null ? 'wrap-up' : null);
    store.subscribe(holdSignOut);
    return { store, audio, consultAudio, devices, ui: stores.ui };
  });
  useEffect(() => {
    document.body.append(phone.audio, phone.consultAudio);
    phone.devices.getState().load();
    phone.store.getState().start();
    return () => {
      phone.devices.getState().dispose();
      phone.store.getState().stop();
      phone.ui.getState().setSignOutHold(null);
      phone.audio.remove();
      phone.consultAudio.remove();
    };
  }, [phone]);
  return (
    <PhoneContext.Provider value={phone.store}>
      <DeviceContext.Provider value={phone.devices}>{children}</DeviceContext.Provider>
    </PhoneContext.Provider>
  );
}

function remoteAudioElement(testId: string): HTMLAudioElement {
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.hidden = true;
  audio.dataset['testid'] = testId;
  return audio;
}

export function usePhone<T>(selector: (state: PhoneState) => T): T {
  const store = useContext(PhoneContext);
  if (!store) throw new Error('usePhone outside PhoneProvider');
  return useStore(store, selector);
}

/** The phone's store, or null outside a PhoneProvider (an operator without calls.handle has no phone). */
export function usePhoneStoreOrNull(): StoreApi<PhoneState> | null {
  return useContext(PhoneContext);
}
