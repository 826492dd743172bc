import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { useSession, useStores, useT } from '../../state/context.tsx';
import { createInboundStore, type InboundState } from './inbound-store.ts';
import { usePhone } from './phone-context.tsx';
import { browserRinger, type Ringer } from './ringer.ts';

const InboundContext = createContext<StoreApi<InboundState> | null>(null);

/** Whether the agent can see the desk: the window has focus and the page is visible. */
function useAttended(): boolean {
  const read = () => document.visibilityState === 'visible' && document.hasFocus();
  const [attended, setAttended] = useState(read);
  useEffect(() => {
    const update = () => setAttended(read());
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    document.addEventListener('visibilitychange', update);
    return () => {
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
      document.removeEventListener('visibilitychange', update);
    };
  }, []);
  return attended;
}

/**
 * Ringtone, desktop notification, screen pop and auto-answer around the phone store
 * (inbound-store.ts), for as long as the phone is mounted. Must sit inside PhoneProvider.
 * The ring plays on the phone store's `ringerDeviceId` (the agent's choice while that device
 * is plugged in, from the audio-device store); the system default without one. A change of
 * device during the ring moves it there.
 */
export function InboundProvider({ children, locked, ringer: givenRinger }: { children: ReactNode; locked: boolean; ringer?: Ringer }) {
  const stores = useStores();
  const t = useT();
  const answer = usePhone((s) => s.answer);
  // The store outlives renders; it reads the latest answer action and language through these.
  const answerRef = useLatest(answer);
  const textsRef = useLatest(() => ({ title: t('phone.notice.title'), body: t('phone.notice.body', { caller: '{caller}' }) }));
  const [inbound] = useState(() => {
    const made = givenRinger ? { ringer: givenRinger, element: null } : browserRinger();
    const store = createInboundStore({
      ringer: made.ringer,
      lookUp: (args) => stores.desk.phone.lookupCaller(args),
      notify: (notice) => stores.desk.notify.incomingCall(notice),
      endNotice: () => stores.desk.notify.incomingCallEnded(),
      answer: () => answerRef.current(),
      noticeTexts: () => textsRef.current(),
      now: stores.now,
    });
    return { store, element: made.element };
  });

  useEffect(() => {
    if (inbound.element) document.body.append(inbound.element);
    return () => {
      inbound.store.getState().dispose();
      inbound.element?.remove();
    };
  }, [inbound]);

  const call = usePhone((s) => s.call);
  const ready = usePhone((s) => s.availability.kind === 'ready' && s.wrapUp === null);
  const autoAnswer = useSession((s) => s.policy?.autoAnswer ?? null);
  const attended = useAttended();
  // The agent's ringer while it is plugged in (the device store keeps it in the phone store).
  const ringerDeviceId = usePhone((s) => s.ringerDeviceId);

  const callId = call?.callId ?? null;
  const phase = call?.phase ?? null;
  const direction = call?.direction ?? null;
  const remote = call?.remote ?? null;
  useEffect(() => {
    const current = callId === null || phase === null || direction === null || remote === null ? null : { callId, phase, direction, remote };
    inbound.store.getState().sync({ call: current, ready, locked, attended, autoAnswer, ringerDeviceId });
  }, [inbound, callId, phase, direction, remote, ready, locked, attended, autoAnswer, ringerDeviceId]);

  return <InboundContext.Provider value={inbound.store}>{children}</InboundContext.Provider>;
}

function useLatest<T>(value: T): { current: T } {
  const [ref] = useState(() => ({ current: value }));
  ref.current = value;
  return ref;
}

/** The inbound state, or `fallback` where no InboundProvider is mounted (the panel's own tests). */
export function useInbound<T>(selector: (state: InboundState) => T, fallback: T): T {
  const store = useContext(InboundContext);
  return useStore(store ?? NO_STORE, store ? selector : () => fallback);
}

const NO_STORE = createInboundStore({
  ringer: { start: () => undefined, stop: () => undefined, ringing: () => false },
  lookUp: async () => ({ ok: false, error: { code: 'internal' } }),
  notify: async () => ({ ok: true, value: { shown: false } }),
  endNotice: async () => ({ ok: true, value: null }),
  answer: () => undefined,
  noticeTexts: () => ({ title: '', body: '{caller}' }),
});
