import { describe, expect, it } from 'vitest';
import { AGENT, createFakeDesk } from '../../../test-support/fake-desk.ts';
import { createKbReaderStore } from './kb-reader-store.ts';
import { flush, signedInReader } from './reader-test-kit.ts';

const spaceIds = (s: { spaces: readonly { id: string }[] }) => s.spaces.map((x) => x.id);
const hitIds = (s: { search: { status: string; hits?: readonly { articleId: number }[] } }) => (s.search.hits ?? []).map((h) => h.articleId);
const articleCalls = (fake: { calls: { channel: string }[] }) => fake.calls.filter((c) => c.channel === 'kb.article').length;

/**
 * `kb.space-changed` (a space's read roles changed): the reader asks again for what it shows —
 * the space list, the results and an open article of that space — and closes an article the
 * operator may no longer read, saying why; the query stays as typed.
 */
describe('the reader store, when a space’s read roles change', () => {
  it('closes an open article of a space the agent can no longer read, says why, keeps the query and refreshes results and spaces', async () => {
    const { fake, store } = await signedInReader();
    store.getState().setQuery('信用卡');
    await flush();
    expect(hitIds(store.getState())).toContain(3);
    await store.getState().open(3);
    expect(store.getState().article?.status).toBe('shown');

    fake.kb.setReadRoles('credit-card', ['supervisor', 'qa']);
    await flush();
    expect(store.getState().article).toBeNull();
    expect(store.getState().closedNotice).toBe('access-revoked');
    expect(store.getState().query).toBe('信用卡');
    expect(spaceIds(store.getState())).not.toContain('credit-card');
    expect(hitIds(store.getState()).filter((id) => id >= 1 && id <= 4)).toEqual([]);

    // Given back: the space and its articles return; the notice stays until another article is opened.
    fake.kb.setReadRoles('credit-card', ['agent', 'supervisor', 'qa']);
    await flush();
    expect(spaceIds(store.getState())).toContain('credit-card');
    expect(hitIds(store.getState())).toContain(3);
    await store.getState().open(3);
    expect(store.getState().closedNotice).toBeNull();
    expect(store.getState().article?.status).toBe('shown');
  });

  it('leaves an article open when its space is still readable, and does not ask for it when another space changed', async () => {
    const { fake, store } = await signedInReader();
    await store.getState().open(2);
    const asked = articleCalls(fake);

    fake.kb.setReadRoles('wealth', ['supervisor']);
    await flush();
    expect(articleCalls(fake)).toBe(asked);
    expect(spaceIds(store.getState())).not.toContain('wealth');

    fake.kb.setReadRoles('credit-card', ['agent']);
    await flush();
    expect(articleCalls(fake)).toBe(asked + 1);
    const a = store.getState().article;
    expect(a?.status === 'shown' && a.article.articleId).toBe(2);
    expect(store.getState().closedNotice).toBeNull();
  });

  it('asks again for an article that was opening when its space changed (the answer may predate the change), and closes it', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    // The first answer is computed before the change and delivered after the push: a late, stale answer.
    let deliver = () => {};
    const delivered = new Promise<void>((resolve) => {
      deliver = resolve;
    });
    let first = true;
    const store = createKbReaderStore({
      ...fake.desk.kb,
      article: async (args) => {
        const answer = await fake.desk.kb.article(args);
        if (first) {
          first = false;
          await delivered;
        }
        return answer;
      },
    });
    store.getState().start();
    await flush();
    const opening = store.getState().open(3);
    await flush();
    expect(store.getState().article?.status).toBe('loading');
    fake.kb.setReadRoles('credit-card', ['supervisor']);
    await flush();
    deliver();
    await opening;
    await flush();
    expect(store.getState().article).toBeNull();
    expect(store.getState().closedNotice).toBe('access-revoked');
  });

  it('stops following the push once stopped', async () => {
    const { fake, store } = await signedInReader();
    await store.getState().open(3);
    store.getState().stop();
    fake.kb.setReadRoles('credit-card', ['supervisor']);
    await flush();
    expect(store.getState().article?.status).toBe('shown');
  });
});
