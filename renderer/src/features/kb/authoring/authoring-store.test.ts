import { describe, expect, it } from 'vitest';
import { createFakeDesk, KB_AUTHOR } from '../../../test-support/fake-desk.ts';
import { createAuthoringStore, isDirty, publishedOf } from './authoring-store.ts';


async function authorStore() {
  const fake = createFakeDesk({ accounts: [KB_AUTHOR] });
  await fake.desk.session.login({ operatorId: KB_AUTHOR.operator.id, password: KB_AUTHOR.password });
  const store = createAuthoringStore(fake.desk.kb);
  store.getState().start();
  await flush();
  return { fake, store };
}

const flush = async () => {
  for (let i = 0; i < 30; i += 1) await Promise.resolve();
};

describe('authoring', () => {
  it('lists every space and the first space’s articles, and opens an article on its latest version', async () => {
    const { store } = await authorStore();
    expect(store.getState().spaces.map((s) => s.id)).toEqual(['credit-card', 'wealth', 'claims']);
    expect(store.getState().spaceId).toBe('credit-card');
    expect(store.getState().articles.map((a) => a.title)).toContain('信用卡挂失流程');
    store.getState().openArticle(1);
    await flush();
    expect(store.getState().base).toMatchObject({ articleId: 1, version: 1, status: 'published' });
    expect(store.getState().draft.title).toBe('信用卡挂失流程');
    expect(isDirty(store.getState())).toBe(false);
    // Published: who has not read it is shown.
    expect(store.getState().unread?.operators.map((o) => o.id)).toEqual(['A1001', 'A1002']);
  });

  it('creates, saves on top of its own version, publishes with the mandatory flag and retires', async () => {
    const { store } = await authorStore();
    store.getState().newArticle();
    store.getState().edit({ title: '  ', body: '正文' });
    await store.getState().save();
    expect(store.getState().problem).toBe('title-required');
    store.getState().edit({ title: '临时额度调整', body: '有效期 30 天。' });
    const created = await store.getState().save();
    expect(created).toMatchObject({ version: 1, status: 'draft' });
    store.getState().edit({ body: '有效期 60 天。', mandatory: true });
    await store.getState().publish();
    await flush();
    const s = store.getState();
    expect(s.notice).toBe('published');
    expect(s.history.map((v) => [v.version, v.status, v.mandatory])).toEqual([
      [2, 'published', true],
      [1, 'draft', false],
    ]);
    expect(s.articles.find((a) => a.articleId === created?.articleId)).toMatchObject({ latestVersion: 2, publishedVersion: 2, mandatory: true });
    await store.getState().retire();
    await flush();
    expect(publishedOf(store.getState().history)).toBeUndefined();
    expect(store.getState().history[0]?.status).toBe('retired');
  });

  it('a stale save is a conflict that keeps the author’s text; rebasing saves it on top of the newer version', async () => {
    const { fake, store } = await authorStore();
    store.getState().openArticle(2);
    await flush();
    store.getState().edit({ body: '我的修改：金卡年费 300 元。' });
    // Meanwhile another author saves version 2.
    fake.kbAuthoring.saveAsOtherAuthor(2, { title: '年费减免政策', body: '对方的修改。', mandatory: false });
    expect(await store.getState().save()).toBeNull();
    await flush();
    let s = store.getState();
    expect(s.problem).toBe('kb_edit_conflict');
    expect(s.conflict).toMatchObject({ version: 2, authorId: 'ADM02', body: '对方的修改。' });
    expect(s.draft.body).toBe('我的修改：金卡年费 300 元。');
    expect(s.base?.version).toBe(1);
    store.getState().rebaseOnLatest();
    expect(store.getState().draft.body).toBe('我的修改：金卡年费 300 元。');
    expect(isDirty(store.getState())).toBe(true);
    const saved = await store.getState().save();
    s = store.getState();
    expect(saved).toMatchObject({ version: 3, body: '我的修改：金卡年费 300 元。', authorId: 'ADM01' });
    expect(s.problem).toBeNull();
    expect(isDirty(s)).toBe(false);
  });

  it('taking the other author’s version is an explicit choice', async () => {
    const { fake, store } = await authorStore();
    store.getState().openArticle(3);
    await flush();
    store.getState().edit({ title: '我的标题' });
    fake.kbAuthoring.saveAsOtherAuthor(3, { title: '对方的标题', body: '对方的正文', mandatory: true });
    await store.getState().publish();
    await flush();
    expect(store.getState().problem).toBe('kb_edit_conflict');
    expect(store.getState().draft.title).toBe('我的标题');
    store.getState().discardForLatest();
    expect(store.getState().draft).toEqual({ title: '对方的标题', body: '对方的正文', mandatory: true });
    expect(isDirty(store.getState())).toBe(false);
  });

  it('asks before leaving unsaved text: cancel keeps it, confirm drops it', async () => {
    const { store } = await authorStore();
    store.getState().openArticle(1);
    await flush();
    store.getState().edit({ body: '未保存的修改' });
    store.getState().openArticle(2);
    await flush();
    expect(store.getState().pendingLeave).toEqual({ kind: 'article', articleId: 2 });
    expect(store.getState().articleId).toBe(1);
    store.getState().cancelLeave();
    expect(store.getState().draft.body).toBe('未保存的修改');
    store.getState().selectSpace('wealth');
    store.getState().confirmLeave();
    await flush();
    expect(store.getState().spaceId).toBe('wealth');
    expect(store.getState().articleId).toBeNull();
    expect(store.getState().articles.map((a) => a.spaceId)).toEqual(['wealth']);
  });
});
