import { testPng } from '../../institution/src/testing/test-png.ts';
import { ADMIN_ID, ADMIN_PASSWORD } from '../fixtures/admin-api.ts';
import { openAndLogin, type DemoOperator } from '../fixtures/desk.ts';
import { consoleAuthor } from '../fixtures/kb-author.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * Images in an article from the desk (Chromium + the test host's real core + the real
 * institution): the author picks a PNG with 插入图片, core checks and uploads it, the editor
 * names it in the Markdown at the caret and the live preview shows the decoded image; a file
 * that is not an image is refused in the editor with nothing inserted.
 */
const AUTHOR: DemoOperator = { id: ADMIN_ID, displayName: '陈静', password: ADMIN_PASSWORD };
const WAIT = { timeout: 20_000 };

test('an author inserts a PNG from a file; the preview shows it and the saved draft names it', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl, AUTHOR);
  await page.getByRole('navigation').getByRole('button', { name: '知识库编辑' }).click();
  await page.getByTestId('kb-author-space').selectOption('wealth');
  await page.getByTestId('kb-author-new').click();
  await page.getByTestId('kb-author-title').fill('理财产品风险等级图');
  const body = page.getByTestId('kb-author-body');
  await body.fill('风险等级如下：\n');

  const input = page.getByTestId('kb-author-image-input');
  // Not an image: refused before anything is sent, the text unchanged.
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await expect(page.getByTestId('kb-author-image-status')).toHaveText('“notes.txt”不是 PNG、JPEG 或 WebP 图片。');
  await expect(body).toHaveValue('风险等级如下：\n');

  const png = testPng(48, 30, [200, 120, 20]);
  await input.setInputFiles({ name: '风险等级.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('kb-author-image-status')).toHaveText('图片已插入。', WAIT);
  await expect(body).toHaveValue(/^风险等级如下：\n!\[风险等级\]\(kb-image:[A-Za-z0-9_-]{22}\)$/);
  const img = page.getByTestId('kb-author-preview').getByRole('img', { name: '风险等级' });
  await expect.poll(() => img.evaluate((el: { naturalWidth: number; naturalHeight: number; complete: boolean }) => (el.complete ? [el.naturalWidth, el.naturalHeight] : [0, 0])), WAIT).toEqual([48, 30]);

  await body.press('Control+s');
  await expect(page.getByTestId('kb-author-notice')).toHaveText('草稿已保存。');
  const institution = await consoleAuthor(lab);
  const saved = await institution.latest(await institution.articleId('wealth', '理财产品风险等级图'));
  expect(saved.body).toMatch(/^风险等级如下：\n!\[风险等级\]\(kb-image:[A-Za-z0-9_-]{22}\)$/);
});
