/**
 * TEST SUPPORT ONLY (the reader store's unit tests): the agent signed in at the fake desk and
 * the reader store started — the set-up those tests share. reader-mount-kit.tsx mounts the
 * whole KB area instead.
 */
import { AGENT, createFakeDesk } from '../../../test-support/fake-desk.ts';
import { createKbReaderStore } from './kb-reader-store.ts';

/** Lets the fake desk's answers (promises a few links long) reach the store. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** The agent signed in at the fake desk and the reader store started (its spaces loaded). */
export async function signedInReader() {
  const fake = createFakeDesk({ accounts: [AGENT] });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  const store = createKbReaderStore(fake.desk.kb);
  store.getState().start();
  await flush();
  return { fake, store };
}
