import { act, cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { DeviceChecker, MediaPort } from '../features/phone/devices/device-check.ts';
import { PhoneProvider } from '../features/phone/phone-context.tsx';
import { PhonePanel } from '../features/phone/PhonePanel.tsx';
import { createAppStores, type AppStores } from '../state/app-stores.ts';
import { AppStoresProvider } from '../state/context.tsx';
import { AGENT, createFakeDesk, type FakeDesk } from './fake-desk.ts';
import { settle } from './render-app.tsx';
import { ScriptedEngine } from './scripted-engine.ts';

/**
 * TEST ONLY. The phone as the workspace mounts it — app stores over the fake desk with an
 * agent signed in, the PhoneProvider, the call bar — with a scripted engine speaking for the
 * SIP side (the real JsSIP engine runs in e2e/specs/phone-*). Call `unmountPhone()` in afterEach.
 */
export interface PhoneMountOptions<E extends ScriptedEngine> {
  language?: 'zh-CN' | 'en-US';
  /** The engine the store drives; a plain ScriptedEngine when not given. */
  engine?: E;
  /** Stand-ins for the browser's device list and audio graph. */
  devices?: { media: MediaPort; checker: DeviceChecker };
  /** What to render inside the provider; the call bar when not given. */
  children?: ReactNode;
  /** Also start the session store (its desk events and info), as App does. */
  startSession?: boolean;
}

export interface MountedPhone<E extends ScriptedEngine> {
  fake: FakeDesk;
  stores: AppStores;
  engine: E;
}

const mounted: (() => void)[] = [];

export async function mountPhone<E extends ScriptedEngine = ScriptedEngine>(options: PhoneMountOptions<E> = {}): Promise<MountedPhone<E>> {
  const fake = createFakeDesk({ accounts: [AGENT], phone: { sipServers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }] } });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  const stores = createAppStores({ desk: fake.desk, root: document.documentElement });
  mounted.push(() => stores.dispose());
  if (options.language) stores.language.getState().setLanguage(options.language);
  if (options.startSession === true) {
    mounted.push(stores.session.getState().start());
    await settle();
  }
  const engine = options.engine ?? (new ScriptedEngine() as E);
  render(
    <AppStoresProvider stores={stores}>
      <PhoneProvider
        engine={(emit) => {
          engine.emit = (event) => act(() => emit(event));
          return engine;
        }}
        {...(options.devices ? { devices: options.devices } : {})}
      >
        {options.children ?? <PhonePanel locked={false} />}
      </PhoneProvider>
    </AppStoresProvider>,
  );
  await settle();
  return { fake, stores, engine };
}

export function unmountPhone(): void {
  cleanup();
  for (const dispose of mounted.splice(0).reverse()) dispose();
}
