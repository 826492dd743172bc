import { ADMIN_ID, ADMIN_PASSWORD } from '../fixtures/admin-api.ts';
import { openAndLogin, type DemoOperator } from '../fixtures/desk.ts';
import { consoleAuthor, createAuthor } from '../fixtures/kb-author.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * Knowledge-base authoring through the desk (Chromium + the test host's real core + the
 * real institution): an author writes, saves with Ctrl+S and publishes; the institution
 * holds exactly that. Two authors on the same version: the second is told clearly, keeps
 * every character typed, and re-applies it on top of the other's version.
 */
const AUTHOR: DemoOperator = { id: ADMIN_ID, displayName: '陈静', password: ADMIN_PASSWORD };
const SECOND = { id: 'ADM02', displayName: '周敏', password: 'Author#2026' };

async function openAuthoring(page: import('@playwright/test').Page, deskUrl: string): Promise<void> {
  await openAndLogin(page, deskUrl, AUTHOR);
  await page.getByRole('navigation').getByRole('button', { name: '知识库编辑' }).click();
  await expect(page.getByTestId('kb-authoring')).toBeVisible();
}

test('an author writes a new article, saves it with Ctrl+S, publishes it, then edits and republishes', async ({ page, lab }) => {
  await openAuthoring(page, lab.deskUrl);
  await page.getByTestId('kb-author-space').selectOption('wealth');
  await page.getByTestId('kb-author-new').click();
  await page.getByTestId('kb-author-title').fill('大额存单提前支取');
  const body = page.getByTestId('kb-author-body');
  await body.fill('# 提前支取\n\n| 持有期 | 利率 |\n|---|---|\n| 不满 1 年 | 活期 |\n\n须本人持证件办理。');
  // The live preview renders the Markdown as it is typed (a table, not the pipes).
  await expect(page.getByTestId('kb-author-preview').getByRole('cell', { name: '不满 1 年' })).toBeVisible();
  await expect(page.getByTestId('kb-author-dirty')).toBeVisible();
  await body.press('Control+s');
  await expect(page.getByTestId('kb-author-notice')).toHaveText('草稿已保存。');
  await expect(page.getByTestId('kb-author-dirty')).toHaveCount(0);
  const history = page.getByTestId('kb-author-history-row');
  await expect(history).toHaveCount(1);
  await expect(history.first()).toHaveAttribute('data-status', 'draft');
  await expect(history.first()).toContainText(`陈静（${ADMIN_ID}） · `);

  await page.getByTestId('kb-author-publish').click();
  await expect(page.getByTestId('kb-author-notice')).toHaveText('已发布，坐席将实时看到新版本。');
  await expect(history.first()).toHaveAttribute('data-status', 'published');
  // Published: the author sees who has not read it yet (the agents may read 理财).
  await expect(page.getByTestId('kb-author-unread').locator('[data-operator-id="A1001"]')).toBeVisible();

  const institution = await consoleAuthor(lab);
  const articleId = await institution.articleId('wealth', '大额存单提前支取');
  expect(await institution.latest(articleId)).toMatchObject({ version: 1, status: 'published', publishedBy: ADMIN_ID, mandatory: false, body: '# 提前支取\n\n| 持有期 | 利率 |\n|---|---|\n| 不满 1 年 | 活期 |\n\n须本人持证件办理。' });

  // An edit, published straight away: saved as version 2 first, then published; version 1 superseded.
  await body.fill('# 提前支取\n\n须本人持有效证件办理，按活期利率计息。');
  await page.getByTestId('kb-author-mandatory').check();
  await page.getByTestId('kb-author-publish').click();
  await expect(page.getByTestId('kb-author-notice')).toHaveText('已发布，坐席将实时看到新版本。');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toHaveAttribute('data-status', 'published');
  await expect(history.nth(1)).toHaveAttribute('data-status', 'superseded');
  expect(await institution.latest(articleId)).toMatchObject({ version: 2, status: 'published', mandatory: true, body: '# 提前支取\n\n须本人持有效证件办理，按活期利率计息。' });
});

test('two authors on the same version: the second gets a clear conflict, loses nothing, and re-applies on top', async ({ page, lab }) => {
  await createAuthor(lab, SECOND);
  const other = await consoleAuthor(lab, { operatorId: SECOND.id, password: SECOND.password });
  await openAuthoring(page, lab.deskUrl);
  await page.getByTestId('kb-author-article').filter({ hasText: '信用卡分期还款说明' }).click();
  await expect(page.getByTestId('kb-author-base')).toHaveAttribute('data-version', '1');
  const body = page.getByTestId('kb-author-body');
  const mine = `${await body.inputValue()}\n\n我的补充：分期手续费按月收取。`;
  await body.fill(mine);

  // Meanwhile the other author saves a draft on the same version 1.
  const articleId = await other.articleId('credit-card', '信用卡分期还款说明');
  const theirs = await other.saveDraft(articleId, { title: '信用卡分期还款说明', body: '对方的修改：分期期数新增 36 期。', mandatory: false });
  expect(theirs.version).toBe(2);

  await page.getByTestId('kb-author-save').click();
  const conflict = page.getByTestId('kb-author-conflict');
  await expect(conflict).toContainText('保存冲突：其他编辑者已修改这篇文章');
  await expect(conflict).toContainText('第 2 版由 周敏（ADM02） 于');
  await expect(conflict).toContainText('您的修改没有丢失');
  await expect(body).toHaveValue(mine);
  await conflict.locator('summary').click();
  await expect(conflict).toContainText('对方的修改：分期期数新增 36 期。');

  // Moving away asks first; staying keeps the text.
  await page.getByTestId('kb-author-article').filter({ hasText: '年费减免政策' }).click();
  await expect(page.getByTestId('kb-author-leave')).toBeVisible();
  await page.getByTestId('kb-author-leave-cancel').click();
  await expect(body).toHaveValue(mine);

  // Re-apply on top of version 2 and save: version 3 is the author's text, version 2 stays in the history.
  await page.getByTestId('kb-author-rebase').click();
  await expect(page.getByTestId('kb-author-base')).toHaveAttribute('data-version', '2');
  await body.press('Control+s');
  await expect(page.getByTestId('kb-author-notice')).toHaveText('草稿已保存。');
  await expect(conflict).toHaveCount(0);
  await expect(page.getByTestId('kb-author-history-row')).toHaveCount(3);
  const latest = await other.latest(articleId);
  expect(latest).toMatchObject({ version: 3, status: 'draft', authorId: ADMIN_ID, body: mine });
});
