import { describe, expect, it } from 'vitest';
import { API_PREFIX, PushEvent } from '../../contract/api.ts';
import { KbVersion } from '../../contract/kb-api.ts';
import type { SseStream } from '../testing/sse-client.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/**
 * Changing a space's read roles (`PUT /kb/spaces/{id}/read-roles`) pushes `kb-space-changed`
 * (the space id only) to every stream that could read the space before or after the change —
 * authors always — and to no other, over real HTTPS and Server-Sent Events. Streams are
 * ordered, so "did not get it" is shown by the next event being a later one that everybody gets
 * (a publication in 服务规范, which every role here reads).
 */
describe('knowledge base: a change of read roles reaches the desks it concerns', () => {
  const env = useTestInstitution({}, { admin: true, signIn: ['agent', 'supervisor', 'qa'] });

  const post = (path: string, token: string, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const setRoles = async (spaceId: string, readRoles: string[]) => {
    const response = await env.institution.client.request('PUT', `${API_PREFIX}/kb/spaces/${spaceId}/read-roles`, { token: env.admin, json: { readRoles } });
    expect(response.status, response.text).toBe(200);
  };
  const nextEvent = async (stream: SseStream) => PushEvent.parse(JSON.parse((await stream.next()).data));
  async function publishServiceArticle(title: string): Promise<number> {
    const draft = KbVersion.parse((await post('/kb/articles', env.admin, { spaceId: 'service', title, body: `${title}：正文。`, mandatory: false })).json);
    expect((await post(`/kb/articles/${draft.articleId}/publish`, env.admin, { version: draft.version })).status).toBe(200);
    return draft.articleId;
  }
  /** What each stream received, as short labels: `space` for the roles change, `article:<id>` for a publication. */
  async function received(stream: SseStream, count: number): Promise<string[]> {
    const labels: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const event = await nextEvent(stream);
      if (event.type === 'kb-space-changed') {
        expect(event).toEqual({ type: 'kb-space-changed', change: 'read-roles', spaceId: 'push-roles' });
        labels.push('space');
      } else labels.push(event.type === 'kb-changed' ? `article:${event.articleId}` : event.type);
    }
    return labels;
  }

  it('narrowed: the stream that lost access and authors hear it, others not; widened: the newly allowed stream hears it', async () => {
    const created = await post('/kb/spaces', env.admin, { id: 'push-roles', nameZh: '推送测试', nameEn: 'Push test', readRoles: ['agent', 'supervisor'] });
    expect(created.status, created.text).toBe(201);
    const streams = { agent: await env.institution.events(env.agent), supervisor: await env.institution.events(env.supervisor), qa: await env.institution.events(env.qa), author: await env.institution.events(env.admin) };
    for (const stream of Object.values(streams)) await stream.next(); // the policy snapshot

    await setRoles('push-roles', ['supervisor']); // the agent loses access; QA never had it
    const first = await publishServiceArticle('回拨时限说明');
    await setRoles('push-roles', ['supervisor', 'qa']); // QA gains access; the agent has none before or after
    const second = await publishServiceArticle('投诉升级路径');
    await setRoles('push-roles', ['qa', 'supervisor']); // the same set again: nothing changed, nothing pushed
    const third = await publishServiceArticle('客户身份核验要点');

    expect(await received(streams.agent, 3)).toEqual(['space', `article:${first}`, `article:${second}`]);
    expect(await received(streams.qa, 3)).toEqual([`article:${first}`, 'space', `article:${second}`]);
    expect(await received(streams.supervisor, 5)).toEqual(['space', `article:${first}`, 'space', `article:${second}`, `article:${third}`]);
    expect(await received(streams.author, 5)).toEqual(['space', `article:${first}`, 'space', `article:${second}`, `article:${third}`]);
    expect(await received(streams.agent, 1)).toEqual([`article:${third}`]);
    expect(await received(streams.qa, 1)).toEqual([`article:${third}`]);
    for (const stream of Object.values(streams)) stream.close();
  });
});
