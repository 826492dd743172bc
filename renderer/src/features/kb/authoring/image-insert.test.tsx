// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeDesk, KB_AUTHOR, type FakeDesk } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';
import { imageMarkdown, insertAt } from './image-insert.ts';

/** A real 1×1 PNG (institution/src/testing/test-png.ts). */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQjd4PAAHQATiNCg6XAAAAAElFTkSuQmCC';
const pngBytes = () => Uint8Array.from(atob(PNG_BASE64), (c) => c.charCodeAt(0));

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function openArticle(): Promise<FakeDesk> {
  const fake = createFakeDesk({ accounts: [KB_AUTHOR], policy: { idleLockSeconds: 300, watermark: false } });
  await fake.desk.session.login({ operatorId: KB_AUTHOR.operator.id, password: KB_AUTHOR.password });
  app = await mountApp(fake);
  await settle();
  fireEvent.click(within(screen.getByRole('navigation', { name: '功能导航' })).getByRole('button', { name: '知识库编辑' }));
  await settle();
  const article = screen.getAllByTestId('kb-author-article').find((b) => b.textContent?.includes('年费减免政策')) as HTMLElement;
  fireEvent.click(article);
  await settle();
  return fake;
}

const uploads = (fake: FakeDesk) => fake.calls.filter((c) => c.channel === 'kb.upload-image');
const body = () => screen.getByTestId<HTMLTextAreaElement>('kb-author-body');
const choose = (file: File) => fireEvent.change(screen.getByTestId('kb-author-image-input'), { target: { files: [file] } });

describe('inserting an image into an article', () => {
  it('a chosen PNG is uploaded into the space and its Markdown goes at the caret; the preview shows it and the draft is unsaved', async () => {
    const fake = await openArticle();
    const button = screen.getByRole('button', { name: '插入图片' });
    expect(button.tagName).toBe('BUTTON'); // a real button: Tab reaches it, Enter/Space press it
    fireEvent.change(body(), { target: { value: '第一段。\n\n第二段。' } });
    body().setSelectionRange(5, 5);
    choose(new File([pngBytes()], '年费表.png', { type: 'image/png' }));
    await waitFor(() => expect(screen.getByTestId('kb-author-image-status').dataset['state']).toBe('inserted'));
    expect(uploads(fake)).toEqual([{ channel: 'kb.upload-image', payload: { spaceId: 'credit-card', mime: 'image/png', base64: PNG_BASE64 } }]);
    expect(body().value).toMatch(/^第一段。\n!\[年费表\]\(kb-image:[A-Za-z0-9_-]{22}\)\n第二段。$/);
    expect(screen.getByTestId('kb-author-dirty')).toBeTruthy();
    await waitFor(() => expect(within(screen.getByTestId('kb-author-preview')).getByRole('img', { name: '年费表' }).getAttribute('src')).toBe(`data:image/png;base64,${PNG_BASE64}`));
  });

  it('a pasted image takes the same path; pasted text is left to the browser', async () => {
    const fake = await openArticle();
    fireEvent.change(body(), { target: { value: '' } });
    const text = fireEvent.paste(body(), { clipboardData: { files: [] } });
    expect(text).toBe(true);
    const pasted = fireEvent.paste(body(), { clipboardData: { files: [new File([pngBytes()], 'image.png', { type: 'image/png' })] } });
    expect(pasted).toBe(false); // preventDefault: the browser does not paste the file's name
    await waitFor(() => expect(body().value).toMatch(/^!\[image\]\(kb-image:[A-Za-z0-9_-]{22}\)$/));
    expect(uploads(fake)).toHaveLength(1);
  });

  it('refuses a file too large, of another type, or whose bytes are not what it says, with a message and no call', async () => {
    const fake = await openArticle();
    const before = body().value;
    choose(new File([new Uint8Array(768 * 1024 + 1)], 'huge.png', { type: 'image/png' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('“huge.png”超过 768 KiB，请缩小后重试。');
    choose(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('“logo.svg”不是 PNG、JPEG 或 WebP 图片。');
    choose(new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'renamed.png', { type: 'image/png' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('“renamed.png”不是 PNG、JPEG 或 WebP 图片。'));
    expect(uploads(fake)).toEqual([]);
    expect(body().value).toBe(before);
    expect(screen.queryByTestId('kb-author-dirty')).toBeNull();
  });
});

describe('image Markdown', () => {
  it('names the image by the file name without its extension and keeps the alt text closed', () => {
    expect(imageMarkdown('chart.v2.png', 'AbCdEfGhIjKlMnOpQrStUv')).toBe('![chart.v2](kb-image:AbCdEfGhIjKlMnOpQrStUv)');
    expect(imageMarkdown('a]b[c\\.jpg', 'AbCdEfGhIjKlMnOpQrStUv')).toBe('![a b c](kb-image:AbCdEfGhIjKlMnOpQrStUv)');
    expect(insertAt('abcd', 1, 3, 'X')).toEqual({ body: 'aXd', caret: 2 });
    expect(insertAt('ab', 99, 99, 'X')).toEqual({ body: 'abX', caret: 3 });
  });
});
