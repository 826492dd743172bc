import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { DeviceState } from './device-store.ts';

/** The audio-device store of the signed-in operator (created by PhoneProvider beside the phone store). */
export const DeviceContext = createContext<StoreApi<DeviceState> | null>(null);

export function useDevices<T>(selector: (state: DeviceState) => T): T {
  const store = useContext(DeviceContext);
  if (!store) throw new Error('useDevices outside PhoneProvider');
  return useStore(store, selector);
}
