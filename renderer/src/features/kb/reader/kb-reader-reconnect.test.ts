import { describe, expect, it } from 'vitest';
import { AGENT, createFakeDesk } from '../../../test-support/fake-desk.ts';
import { reconnectedFrom } from '../../../state/reconnected.ts';
import { createMandatoryStore } from '../mandatory/mandatory-store.ts';
import { createKbReaderStore, type KbReaderBridge } from './kb-reader-store.ts';

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/**
 * Pushes lost while the live channel was down (the institution replays only the last 100 per
 * operator, none across its restart): the bridge below never delivers kb.changed or
 * kb.space-changed, so only the reconnect can bring what changed meanwhile.
 */
async function signedInWithLostPushes() {
  const fake = createFakeDesk({ accounts: [AGENT] });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  const deaf: KbReaderBridge = { ...fake.desk.kb, onChanged: () => () => undefined, onSpaceChanged: () => () => undefined };
  const store = createKbReaderStore(deaf, reconnectedFrom(fake.desk.connection.onChanged));
  store.getState().start();
  await flush();
  const mandatory = createMandatoryStore({ ...fake.desk.kb, onChanged: () => () => undefined, onSpaceChanged: () => () => undefined }, reconnectedFrom(fake.desk.connection.onChanged));
  mandatory.getState().start();
  await flush();
  const reconnect = async () => {
    fake.setConnection('offline');
    fake.setConnection('online');
    await flush();
  };
  return { fake, store, mandatory, reconnect };
}

const spaceIds = (s: { spaces: readonly { id: string }[] }) => s.spaces.map((x) => x.id);
const pendingIds = (s: { pending: readonly { articleId: number }[] }) => s.pending.map((p) => p.articleId);

describe('the KB after the live channel comes back', () => {
  it('closes an open article whose space the agent lost meanwhile, says why, and lists the spaces anew', async () => {
    const { fake, store, reconnect } = await signedInWithLostPushes();
    await store.getState().open(3);
    fake.kb.setReadRoles('credit-card', ['supervisor']);
    await flush();
    // The push was lost: the article is still on screen.
    expect(store.getState().article?.status).toBe('shown');

    await reconnect();
    expect(store.getState().article).toBeNull();
    expect(store.getState().closedNotice).toBe('access-revoked');
    expect(spaceIds(store.getState())).not.toContain('credit-card');
  });

  it('shows the version published meanwhile, with its changes marked; a retirement is marked, not closed', async () => {
    const { fake, store, reconnect } = await signedInWithLostPushes();
    await store.getState().open(5);
    fake.kb.publish({ articleId: 5, spaceId: 'wealth', title: '理财产品风险等级说明', body: '理财产品分为 R1 至 R5 五个风险等级。R5 仅限专业投资者。', mandatory: true });
    await flush();
    expect(store.getState().article).toMatchObject({ status: 'shown', article: { version: 1 } });

    await reconnect();
    expect(store.getState().article).toMatchObject({ status: 'shown', article: { version: 2 }, updatedTo: 2 });

    fake.kb.retire(5);
    await reconnect();
    expect(store.getState().article).toMatchObject({ status: 'shown', retired: true });
    expect(store.getState().closedNotice).toBeNull();
  });

  it('runs the search again and asks for the mandatory-read queue again', async () => {
    const { fake, store, mandatory, reconnect } = await signedInWithLostPushes();
    store.getState().setQuery('定投');
    await flush();
    expect(store.getState().search).toMatchObject({ status: 'ready', hits: [] });
    const before = pendingIds(mandatory.getState());
    fake.kb.publish({ articleId: 40, spaceId: 'wealth', title: '基金定投须知', body: '定投可随时暂停。', mandatory: true });
    await flush();
    expect(pendingIds(mandatory.getState())).toEqual(before);

    await reconnect();
    const search = store.getState().search;
    expect(search.status === 'idle' ? [] : search.hits.map((h) => h.articleId)).toContain(40);
    expect(pendingIds(mandatory.getState())).toContain(40);
  });

  it('does nothing while the channel stays down, nor for the first connection', async () => {
    const { fake, store } = await signedInWithLostPushes();
    await store.getState().open(3);
    fake.kb.setReadRoles('credit-card', ['supervisor']);
    fake.setConnection('offline');
    await flush();
    expect(store.getState().article?.status).toBe('shown');
  });
});
