import { describe, expect, it } from 'vitest';
import { flush, signedInReader } from './reader-test-kit.ts';

const titles = (hits: readonly { title: { text: string }[] }[]) => hits.map((h) => h.title.map((s) => s.text).join(''));

describe('the reader store', () => {
  it('never lets a slow answer to an older query replace the newer one', async () => {
    const { fake, store } = await signedInReader();
    const release = fake.holdNext('kb.search');
    store.getState().setQuery('信用卡');
    store.getState().setQuery('信用卡分期');
    await flush();
    const s = store.getState().search;
    expect(s.status === 'ready' && s.query).toBe('信用卡分期');
    release();
    await flush();
    const after = store.getState().search;
    expect(after.status === 'ready' && after.query).toBe('信用卡分期');
    expect(after.status === 'ready' && titles(after.hits)).toEqual(['信用卡分期还款说明']);
  });

  it('keeps the query and results while an article is open, and clears on an empty box without asking', async () => {
    const { fake, store } = await signedInReader();
    store.getState().setQuery('年费');
    await flush();
    await store.getState().open(2);
    expect(store.getState().article?.status).toBe('shown');
    store.getState().back();
    expect(store.getState().query).toBe('年费');
    expect(store.getState().search.status).toBe('ready');
    const asked = fake.calls.filter((c) => c.channel === 'kb.search').length;
    store.getState().setQuery('   ');
    expect(store.getState().search).toEqual({ status: 'idle' });
    expect(fake.calls.filter((c) => c.channel === 'kb.search').length).toBe(asked);
  });

  it('ignores a kb.changed for an article that is not open, and an older version than the one shown', async () => {
    const { fake, store } = await signedInReader();
    await store.getState().open(3);
    const opened = fake.calls.filter((c) => c.channel === 'kb.article').length;
    fake.kb.publish({ articleId: 5, spaceId: 'wealth', title: '理财产品风险等级说明', body: '新版。', mandatory: true });
    await flush();
    expect(fake.calls.filter((c) => c.channel === 'kb.article').length).toBe(opened);
    fake.emit('kb.changed', { change: 'published', articleId: 3, spaceId: 'credit-card', version: 1, mandatory: false });
    await flush();
    expect(fake.calls.filter((c) => c.channel === 'kb.article').length).toBe(opened);
    const a = store.getState().article;
    expect(a?.status === 'shown' && a.updatedTo).toBeNull();
  });
});
