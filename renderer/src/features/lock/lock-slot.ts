import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/**
 * Where the lock screen lets the phone put its call bar: the lock screen renders an empty
 * slot inside its dialog, and the phone (mounted inside the locked, inert workspace) portals
 * the bar into it. So the bar sits in the lock screen's focus order and accessibility tree
 * while nothing of the workspace becomes visible or reachable.
 */
const slot = createStore<{ element: HTMLElement | null }>(() => ({ element: null }));

/** A callback ref for the lock screen's slot element (null when it unmounts). */
export const setLockCallSlot = (element: HTMLElement | null): void => slot.setState({ element });

export const useLockCallSlot = (): HTMLElement | null => useStore(slot, (s) => s.element);
