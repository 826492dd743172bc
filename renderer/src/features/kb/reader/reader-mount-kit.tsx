/**
 * TEST SUPPORT ONLY (the KB area's unit tests): the knowledge-base reader mounted as the KB
 * area for the agent signed in at the fake desk — the set-up those tests share.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach } from 'vitest';
import { createAppStores } from '../../../state/app-stores.ts';
import { AppStoresProvider } from '../../../state/context.tsx';
import { AGENT, createFakeDesk, type FakeDesk } from '../../../test-support/fake-desk.ts';
import { settle } from '../../../test-support/render-app.tsx';
import { KbArea } from './KbArea.tsx';
import { KbReaderProvider } from './kb-reader-context.tsx';

/**
 * Registers the file's clean-up (unmount, stores disposed, then the fake's contract checked:
 * a call the real bridge would refuse fails the test) and returns what mounts the KB area
 * for the signed-in agent.
 */
export function useMountedReader(): () => Promise<{ fake: FakeDesk }> {
  const disposers: (() => void)[] = [];
  afterEach(() => {
    cleanup();
    for (const dispose of disposers.splice(0)) dispose();
  });
  return async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    const stores = createAppStores({ desk: fake.desk, root: document.documentElement });
    disposers.push(() => stores.dispose());
    disposers.push(() => {
      if (fake.contractViolations.length > 0) throw new Error(fake.contractViolations.join('; '));
    });
    render(
      <AppStoresProvider stores={stores}>
        <KbReaderProvider locked={false}>
          <KbArea />
        </KbReaderProvider>
      </AppStoresProvider>,
    );
    await settle();
    return { fake };
  };
}
