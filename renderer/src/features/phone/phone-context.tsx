import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { useStores } from '../../state/context.tsx';
import type { EngineFactory } from './engine.ts';
import { jsSipEngine } from './jssip-engine.ts';
import { createPhoneStore, type PhoneState } from './phone-store.ts';

const PhoneContext = createContext<StoreApi<PhoneState> | null>(null);

/**
 * Owns the phone for as long as the workspace is mounted: the workspace stays mounted under
 * the lock screen, so a lock never ends a call; logout unmounts it, which hangs up and
 * unregisters. The remote-audio element lives in the document body, outside the (hidden,
 * inert) workspace, so the far end stays audible while the screen is locked.
 */
export function PhoneProvider({ children, engine }: { children: ReactNode; engine?: EngineFactory }) {
  const stores = useStores();
  const [phone] = useState(() => {
    const audio = remoteAudioElement('phone-remote-audio');
    // The consultation call's far end (transfer, conference) plays on its own element.
    const consultAudio = remoteAudioElement('phone-consult-audio');
    const store = createPhoneStore({ bridge: stores.desk.phone, activity: stores.desk.activity, engine: engine ?? jsSipEngine({ audio, consultAudio }) });
    return { store, audio, consultAudio };
  });
  useEffect(() => {
    document.body.append(phone.audio, phone.consultAudio);
    phone.store.getState().start();
    return () => {
      phone.store.getState().stop();
      phone.audio.remove();
      phone.consultAudio.remove();
    };
  }, [phone]);
  return <PhoneContext.Provider value={phone.store}>{children}</PhoneContext.Provider>;
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
