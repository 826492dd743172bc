// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { createFakeDesk, KB_AUTHOR } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';


let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function openAuthoring() {
  const fake = createFakeDesk({ accounts: [KB_AUTHOR], policy: { idleLockSeconds: 300, watermark: false } });
  await fake.desk.session.login({ operatorId: KB_AUTHOR.operator.id, password: KB_AUTHOR.password });
  app = await mountApp(fake);
  await settle();
  const nav = screen.getByRole('navigation', { name: '功能导航' });
  // An author without kb.read has no mandatory queue; the authoring area is theirs.
  expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['会话与安全', '知识库编辑']);
  fireEvent.click(within(nav).getByRole('button', { name: '知识库编辑' }));
  await settle();
  return fake;
}

const article = (title: string) => screen.getAllByTestId('kb-author-article').find((b) => b.textContent?.includes(title)) as HTMLElement;

describe('the authoring area', () => {
  it('edits with a live preview, saves with Ctrl+S from the editor, and shows the history with who and when', async () => {
    await openAuthoring();
    fireEvent.click(article('年费减免政策'));
    await settle();
    const body = screen.getByTestId<HTMLTextAreaElement>('kb-author-body');
    fireEvent.change(body, { target: { value: '# 新标题\n\n金卡年费 **300** 元。' } });
    await settle();
    expect(within(screen.getByTestId('kb-author-preview')).getByRole('heading', { name: '新标题' })).toBeTruthy();
    expect(screen.getByTestId('kb-author-dirty')).toBeTruthy();
    // Ctrl+S outside the editor's fields does nothing here.
    fireEvent.keyDown(document.body, { key: 's', ctrlKey: true });
    await settle();
    expect(screen.queryByTestId('kb-author-notice')).toBeNull();
    const event = fireEvent.keyDown(body, { key: 's', ctrlKey: true });
    expect(event).toBe(false); // preventDefault: the browser's "save page" never runs
    await settle();
    expect(screen.getByTestId('kb-author-notice').textContent).toBe('草稿已保存。');
    expect(screen.queryByTestId('kb-author-dirty')).toBeNull();
    const rows = screen.getAllByTestId('kb-author-history-row');
    expect(rows.map((r) => [r.dataset['version'], r.dataset['status']])).toEqual([
      ['2', 'draft'],
      ['1', 'published'],
    ]);
    expect(rows[0]?.textContent).toContain('陈静（ADM01） · ');
    fireEvent.click(screen.getByTestId('kb-author-publish'));
    await settle();
    expect(screen.getByTestId('kb-author-notice').textContent).toBe('已发布，坐席将实时看到新版本。');
    expect(screen.getByTestId('kb-author-unread').dataset['version']).toBe('2');
  });

  it('a stale save shows the conflict clearly and keeps the author’s text; re-applying saves it on the newer version', async () => {
    const fake = await openAuthoring();
    fireEvent.click(article('信用卡分期还款说明'));
    await settle();
    fireEvent.change(screen.getByTestId('kb-author-body'), { target: { value: '我的修改' } });
    fake.kbAuthoring.saveAsOtherAuthor(3, { title: '信用卡分期还款说明', body: '对方的修改', mandatory: false }, 'ADM02');
    fireEvent.click(screen.getByTestId('kb-author-save'));
    await settle();
    const conflict = screen.getByTestId('kb-author-conflict');
    expect(conflict.textContent).toContain('保存冲突：其他编辑者已修改这篇文章');
    expect(conflict.textContent).toContain('第 2 版由 刘洋（ADM02） 于');
    expect(conflict.textContent).toContain('您的修改没有丢失');
    expect(screen.getByTestId<HTMLTextAreaElement>('kb-author-body').value).toBe('我的修改');
    fireEvent.click(screen.getByTestId('kb-author-rebase'));
    await settle();
    expect(screen.getByTestId('kb-author-base').dataset['version']).toBe('2');
    fireEvent.click(screen.getByTestId('kb-author-save'));
    await settle();
    expect(screen.queryByTestId('kb-author-conflict')).toBeNull();
    expect(screen.getAllByTestId('kb-author-history-row').map((r) => r.dataset['version'])).toEqual(['3', '2', '1']);
    expect(screen.getByTestId<HTMLTextAreaElement>('kb-author-body').value).toBe('我的修改');
  });

  it('asks before dropping unsaved text when another article is opened', async () => {
    await openAuthoring();
    fireEvent.click(article('年费减免政策'));
    await settle();
    fireEvent.change(screen.getByTestId('kb-author-title'), { target: { value: '年费减免政策（修订）' } });
    fireEvent.click(article('信用卡挂失流程'));
    await settle();
    expect(screen.getByTestId('kb-author-leave').textContent).toContain('离开将丢弃这些修改');
    fireEvent.click(screen.getByTestId('kb-author-leave-cancel'));
    await settle();
    expect(screen.getByTestId<HTMLInputElement>('kb-author-title').value).toBe('年费减免政策（修订）');
  });

  it('by keyboard: the article list is one Tab stop walked with ↑ ↓, Esc keeps the text, and the focus returns to the text after 继续编辑, 重新保存 and 发布', async () => {
    const fake = await openAuthoring();
    const buttons = () => screen.getAllByTestId('kb-author-article');
    expect(buttons().filter((b) => b.tabIndex === 0)).toHaveLength(1);
    act(() => buttons()[0]?.focus());
    act(() => void fireEvent.keyDown(buttons()[0] as HTMLElement, { key: 'ArrowDown' }));
    expect(document.activeElement).toBe(buttons()[1]);
    act(() => void fireEvent.keyDown(buttons()[1] as HTMLElement, { key: 'End' }));
    expect(document.activeElement).toBe(buttons().at(-1));
    expect(buttons().filter((b) => b.tabIndex === 0)).toEqual([buttons().at(-1)]);

    fireEvent.click(article('信用卡分期还款说明'));
    await settle();
    const body = screen.getByTestId<HTMLTextAreaElement>('kb-author-body');
    fireEvent.change(body, { target: { value: '我的修改' } });
    act(() => article('年费减免政策').focus());
    fireEvent.click(article('年费减免政策'));
    await settle();
    fireEvent.keyDown(screen.getByTestId('kb-author-leave-cancel'), { key: 'Escape' });
    await settle();
    expect(screen.queryByTestId('kb-author-leave')).toBeNull();
    expect(body.value).toBe('我的修改');

    fake.kbAuthoring.saveAsOtherAuthor(3, { title: '信用卡分期还款说明', body: '对方的修改', mandatory: false }, 'ADM02');
    fireEvent.keyDown(body, { key: 's', ctrlKey: true });
    await settle();
    const rebase = screen.getByTestId('kb-author-rebase');
    act(() => rebase.focus());
    fireEvent.click(rebase);
    await settle();
    expect(document.activeElement).toBe(body);

    const publish = screen.getByTestId('kb-author-publish');
    act(() => publish.focus());
    fireEvent.click(publish);
    await settle();
    expect(screen.getByTestId('kb-author-notice').textContent).toBe('已发布，坐席将实时看到新版本。');
    expect(document.activeElement).toBe(body);
  });

  it('退出登录 with unsaved text asks first: the first press warns and keeps the text, the second signs out', async () => {
    const fake = await openAuthoring();
    fireEvent.click(article('年费减免政策'));
    await settle();
    fireEvent.change(screen.getByTestId('kb-author-body'), { target: { value: '未保存的修改' } });
    await settle();
    fireEvent.click(screen.getByTestId('logout'));
    await settle();
    expect(screen.getByTestId('logout-unsaved-draft').textContent).toBe('知识库编辑中有未保存的修改。再按一次“退出登录”将丢弃这些修改。');
    expect(fake.calls.some((c) => c.channel === 'session.logout')).toBe(false);
    expect(screen.getByTestId<HTMLTextAreaElement>('kb-author-body').value).toBe('未保存的修改');
    fireEvent.click(screen.getByTestId('logout'));
    await settle();
    expect(fake.calls.some((c) => c.channel === 'session.logout')).toBe(true);
  });
});
