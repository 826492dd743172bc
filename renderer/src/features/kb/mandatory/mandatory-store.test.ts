import { describe, expect, it } from 'vitest';
import { AGENT, createFakeDesk } from '../../../test-support/fake-desk.ts';
import { FAKE_KB_ARTICLES } from '../../../test-support/fake-kb.ts';
import { createMandatoryStore, readyHeld } from './mandatory-store.ts';

async function agentDesk() {
  const fake = createFakeDesk({ accounts: [AGENT] });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  return fake;
}

/** Lets the store's promise chains (bridge answers, refreshes) run to the end. */
const flush = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

describe('the mandatory-read queue', () => {
  it('loads the agent’s unacknowledged mandatory versions and holds Ready while any is left', async () => {
    const fake = await agentDesk();
    const store = createMandatoryStore(fake.desk.kb);
    expect(store.getState().loaded).toBe(false);
    expect(readyHeld(store.getState())).toBe(false);
    store.getState().start();
    await flush();
    expect(store.getState().pending.map((p) => p.title)).toEqual(['信用卡挂失流程', '理财产品风险等级说明']);
    expect(readyHeld(store.getState())).toBe(true);
    store.getState().stop();
  });

  it('acknowledges only an opened, shown article, for the version shown, and then releases Ready', async () => {
    const fake = await agentDesk();
    const store = createMandatoryStore(fake.desk.kb);
    store.getState().start();
    await flush();
    const [first, second] = store.getState().pending;
    if (first === undefined || second === undefined) throw new Error('queue not loaded');
    // Nothing open: nothing to acknowledge.
    await store.getState().acknowledgeOpen();
    expect(fake.kb.acknowledged).toEqual([]);
    await store.getState().openRead(first);
    const open = store.getState().open;
    expect(open?.status === 'shown' ? open.article.body : null).toContain('核实身份');
    await store.getState().acknowledgeOpen();
    await flush();
    expect(fake.kb.acknowledged).toEqual([{ operatorId: 'A1001', articleId: first.articleId, version: first.version }]);
    expect(store.getState().pending).toEqual([second]);
    expect(store.getState().open).toBeNull();
    await store.getState().openRead(second);
    await store.getState().acknowledgeOpen();
    await flush();
    expect(store.getState().pending).toEqual([]);
    expect(readyHeld(store.getState())).toBe(false);
    store.getState().stop();
  });

  it('follows kb.changed live: a new mandatory version joins the queue, a retired one leaves it', async () => {
    const fake = await agentDesk();
    const store = createMandatoryStore(fake.desk.kb);
    store.getState().start();
    await flush();
    const annualFee = FAKE_KB_ARTICLES.find((a) => a.title === '年费减免政策');
    if (annualFee === undefined) throw new Error('fixture');
    fake.kb.publish({ ...annualFee, mandatory: true, body: `${annualFee.body}\n\n金卡年费 300 元。` });
    await flush();
    expect(store.getState().pending.map((p) => [p.articleId, p.version])).toContainEqual([annualFee.articleId, 2]);
    fake.kb.retire(annualFee.articleId);
    await flush();
    expect(store.getState().pending.map((p) => p.articleId)).not.toContain(annualFee.articleId);
    // Once stopped, pushes no longer reach it.
    store.getState().stop();
    fake.kb.publish({ ...annualFee, mandatory: true });
    await flush();
    expect(store.getState().pending.map((p) => p.articleId)).not.toContain(annualFee.articleId);
  });

  it('drops the items of a space the agent can no longer read (an open one closes), and takes them back when it is given back', async () => {
    const fake = await agentDesk();
    const store = createMandatoryStore(fake.desk.kb);
    store.getState().start();
    await flush();
    const wealth = store.getState().pending.find((p) => p.spaceId === 'wealth');
    if (wealth === undefined) throw new Error('fixture');
    await store.getState().openRead(wealth);
    expect(store.getState().open?.status).toBe('shown');

    fake.kb.setReadRoles('wealth', ['supervisor']);
    await flush();
    expect(store.getState().pending.map((p) => p.spaceId)).toEqual(['credit-card']);
    expect(store.getState().open).toBeNull();
    expect(readyHeld(store.getState())).toBe(true);

    fake.kb.setReadRoles('wealth', ['agent', 'supervisor']);
    await flush();
    expect(store.getState().pending.map((p) => p.articleId)).toContain(wealth.articleId);
    store.getState().stop();
  });

  it('an open entry a newer version overtook cannot be acknowledged: it fails, and the queue shows the new version', async () => {
    const fake = await agentDesk();
    const store = createMandatoryStore(fake.desk.kb);
    store.getState().start();
    await flush();
    const [first] = store.getState().pending;
    if (first === undefined) throw new Error('queue not loaded');
    const article = FAKE_KB_ARTICLES.find((a) => a.articleId === first.articleId);
    if (article === undefined) throw new Error('fixture');
    // The push is lost on the way; the agent opens the stale entry.
    const stop = fake.desk.kb.onChanged(() => undefined);
    store.getState().stop();
    fake.kb.publish({ ...article, body: `${article.body}\n\n新增说明。` });
    stop();
    store.getState().start();
    await store.getState().openRead(first);
    await flush();
    expect(store.getState().pending.map((p) => [p.articleId, p.version])).toContainEqual([first.articleId, first.version + 1]);
    expect(fake.kb.acknowledged).toEqual([]);
    store.getState().stop();
  });
});
