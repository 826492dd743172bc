// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { settle } from '../../../test-support/render-app.tsx';
import { useMountedReader } from './reader-mount-kit.tsx';

const mountReader = useMountedReader();

const input = () => screen.getByTestId<HTMLInputElement>('kb-search-input');
async function type(text: string) {
  fireEvent.change(input(), { target: { value: text } });
  await settle();
}
const resultTitles = () => screen.queryAllByTestId('kb-result').map((r) => r.getAttribute('title'));

describe('the knowledge-base reader', () => {
  it('searches as the agent types and shows the hits of titles and snippets marked', async () => {
    const { fake } = await mountReader();
    expect(document.activeElement).toBe(input());
    await type('分期');
    expect(resultTitles()).toEqual(['信用卡分期还款说明']);
    const row = screen.getByTestId('kb-result');
    expect([...row.querySelectorAll('mark')].map((m) => m.textContent)).toContain('分期');
    expect(screen.getByTestId('kb-search-status').textContent).toBe('找到 1 篇文章');
    // The space's name, not its id.
    expect(row.textContent).toContain('信用卡');
    await type('没有这个词');
    expect(screen.getByTestId('kb-search-status').textContent).toBe('没有找到相关文章，请换个关键词试试。');
    // Punctuation alone is not sent (the institution would refuse it).
    const before = fake.calls.filter((c) => c.channel === 'kb.search').length;
    await type('？！');
    expect(fake.calls.filter((c) => c.channel === 'kb.search').length).toBe(before);
    // …and the agent is told why nothing happens.
    expect(screen.getByTestId('kb-search-wordless').textContent).toBe('请输入文字或数字作为关键词。');
    await type('');
    expect(screen.queryByTestId('kb-search-wordless')).toBeNull();
  });

  it('opens a result with the keyboard, shows its metadata, and Esc comes back with the query and results intact', async () => {
    await mountReader();
    await type('卡');
    expect(resultTitles().length).toBeGreaterThan(1);
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    fireEvent.keyDown(input(), { key: 'Enter' });
    await settle();
    const article = screen.getByTestId('kb-article');
    const title = within(article).getByTestId('kb-article-title').textContent;
    expect(title).toBe(resultTitles()[1]);
    expect(within(article).getByTestId('kb-article-version').textContent).toBe('第 1 版');
    expect(within(article).getByTestId('kb-article-space').textContent).toBe('信用卡');
    expect(within(article).getByTestId('kb-article-meta').textContent).toContain('陈静 发布于');

    fireEvent.keyDown(within(article).getByTestId('kb-article-title'), { key: 'Escape' });
    await settle();
    expect(screen.queryByTestId('kb-article')).toBeNull();
    expect(input().value).toBe('卡');
    expect(document.activeElement).toBe(input());
    // Esc again, in the box: the search box's own "clear on Esc" is cancelled, the query stays.
    expect(fireEvent.keyDown(input(), { key: 'Escape' })).toBe(false);
    expect(resultTitles().length).toBeGreaterThan(1);
  });

  it('Tab from the article heading goes into the article text (a labelled Tab stop), not on to the next panel', async () => {
    await mountReader();
    await type('年费');
    fireEvent.click(screen.getByTestId('kb-result'));
    await settle();
    expect(document.activeElement).toBe(screen.getByTestId('kb-article-title'));
    await userEvent.setup().tab();
    const body = screen.getByTestId('kb-article-body');
    expect(document.activeElement).toBe(body);
    expect([body.getAttribute('role'), body.getAttribute('aria-label')]).toEqual(['region', '文章正文']);
  });

  it('a kb: link in an article opens that article in the reader; any other link stays inert text', async () => {
    const { fake } = await mountReader();
    await type('年费');
    fireEvent.click(screen.getByTestId('kb-result'));
    await settle();
    fake.kb.publish({ articleId: 2, spaceId: 'credit-card', title: '年费减免政策', body: '见[挂失流程](kb:1)，或 [外部](https://example.com/)。', mandatory: false });
    await settle();
    const body = screen.getByTestId('kb-article-body');
    expect(body.querySelector('a')).toBeNull();
    const link = within(body).getByRole('button', { name: '挂失流程' });
    fireEvent.click(link);
    await settle();
    expect(screen.getByTestId('kb-article-title').textContent).toBe('信用卡挂失流程');
  });

  it('updates the open article live: the new version, the changed block marked, the removed one noted', async () => {
    const { fake } = await mountReader();
    await type('年费');
    fireEvent.click(screen.getByTestId('kb-result'));
    await settle();
    expect(screen.getByTestId('kb-article-body').dataset['version']).toBe('1');

    fake.kb.publish({ articleId: 2, spaceId: 'credit-card', title: '年费减免政策', body: '普卡首年免年费。\n\n自 12 月起金卡年费减半。', mandatory: false });
    await settle();
    expect(screen.getByTestId('kb-article-updated').textContent).toContain('已更新至第 2 版');
    const body = screen.getByTestId('kb-article-body');
    expect(body.dataset['version']).toBe('2');
    const changed = [...body.querySelectorAll('.kb-md__block--changed')].map((b) => b.textContent);
    expect(changed).toEqual(['自 12 月起金卡年费减半。']);
    expect(screen.getByTestId('kb-article-removed').textContent).toContain('本次更新删除了 1 处内容');
  });

  it('says so when the open article is retired, and a listed article that changed is searched again', async () => {
    const { fake } = await mountReader();
    await type('挂失');
    const searches = () => fake.calls.filter((c) => c.channel === 'kb.search').length;
    const before = searches();
    fake.kb.publish({ articleId: 1, spaceId: 'credit-card', title: '信用卡挂失与补卡流程', body: '挂失后可申请补卡。', mandatory: true });
    await settle();
    expect(searches()).toBe(before + 1);
    expect(resultTitles()).toContain('信用卡挂失与补卡流程');

    fireEvent.click(screen.getAllByTestId('kb-result')[0]!);
    await settle();
    fake.kb.retire(1);
    await settle();
    expect(screen.getByTestId('kb-article-retired').textContent).toBe('该文章已被下线，内容不再有效，请勿再据此答复客户。');
  });

  it('reports a failed open in the operator’s language', async () => {
    const { fake } = await mountReader();
    await type('挂失');
    // The refresh the retirement causes is held: the list still shows the article.
    const release = fake.holdNext('kb.search');
    fake.kb.retire(1);
    await settle();
    fireEvent.click(screen.getAllByTestId('kb-result').find((r) => r.dataset['articleId'] === '1')!);
    await settle();
    expect(screen.getByTestId('kb-article-error').textContent).toBe('未找到该知识库文章，可能已下线或您无权查阅。');
    release();
    await settle();
    fireEvent.click(screen.getByTestId('kb-article-back'));
    await settle();
    expect(resultTitles()).not.toContain('信用卡挂失流程');
  });

  it('Ctrl+K returns to the search box from an open article', async () => {
    await mountReader();
    await type('年费');
    fireEvent.click(screen.getByTestId('kb-result'));
    await settle();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await settle();
    expect(screen.queryByTestId('kb-article')).toBeNull();
    expect(document.activeElement).toBe(input());
    expect(input().value).toBe('年费');
  });
});
