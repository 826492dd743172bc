import { act } from '@testing-library/react';
import { startRenderer } from '../app/bootstrap.tsx';
import type { AppStores } from '../state/app-stores.ts';
import type { FakeDesk } from './fake-desk.ts';

/**
 * Mounts the renderer exactly as main.tsx does: through `window.desk` and the real
 * bootstrap. Tests call `unmount` in afterEach (vitest runs without globals, so
 * Testing Library's auto-cleanup is not registered); it fails the test if the renderer
 * sent the desk anything outside the contract.
 */
export interface MountedApp {
  stores: AppStores;
  container: HTMLElement;
  unmount(): void;
}

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export function installDesk(fake: FakeDesk | null): void {
  Object.defineProperty(window, 'desk', { value: fake?.desk, configurable: true, writable: false });
}

export async function mountApp(fake: FakeDesk): Promise<MountedApp> {
  installDesk(fake);
  const container = document.createElement('div');
  document.body.append(container);
  let started: ReturnType<typeof startRenderer> | undefined;
  await act(async () => {
    started = startRenderer(window, container);
  });
  const stores = started?.stores;
  if (!started || !stores) throw new Error('renderer did not start with a desk');
  const { root } = started;
  return {
    stores,
    container,
    unmount() {
      act(() => root.unmount());
      stores.dispose();
      container.remove();
      // Core answers a malformed request with bad_request, which the UI may well swallow:
      // the test must fail instead (see FakeDesk.contractViolations).
      if (fake.contractViolations.length > 0) throw new Error(`the renderer broke the desk contract: ${fake.contractViolations.join('; ')}`);
    },
  };
}

/** Lets pending desk promises and the React updates they cause settle (works under fake timers too). */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  });
}
