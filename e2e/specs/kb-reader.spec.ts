import type { Page } from '@playwright/test';
import type { Lab } from '../host/lab.ts';
import { openAndLogin } from '../fixtures/desk.ts';
import { consoleAuthor } from '../fixtures/kb-author.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * The agent's knowledge base end to end: Chromium with the desk, the test host's real core
 * (pooled, pinned HTTPS to the institution), the real institution (SQLite, bigram search,
 * the push stream). Search as you type finds two-character Chinese words, Chinese
 * substrings inside longer words and English words, with the hits marked; an author
 * publishes an edit through the institution's HTTP API while the agent reads the article,
 * and the open article turns into the new version with the change marked.
 */
const WAIT = { timeout: 15_000 };

async function openKb(page: Page, lab: Lab): Promise<void> {
  await openAndLogin(page, lab.deskUrl);
  await page.getByTestId('workspace').locator('[data-area="kb"]').click();
  await expect(page.getByTestId('kb-search-input')).toBeFocused();
}

async function search(page: Page, query: string): Promise<void> {
  const input = page.getByTestId('kb-search-input');
  await input.fill('');
  // Typed key by key, as an agent does: every keystroke may search; the last answer wins.
  await input.pressSequentially(query, { delay: 20 });
  await expect(page.getByTestId('kb-search-status')).toBeVisible(WAIT);
}

const resultWithTitle = (page: Page, title: string) => page.getByTestId('kb-results').locator(`[data-testid="kb-result"][title="${title}"]`);

test('search as you type finds two-character Chinese words, substrings inside longer words and English words, hits marked', async ({ page, lab }) => {
  await openKb(page, lab);

  for (const [query, title] of [
    ['挂失', '信用卡挂失流程'],
    ['年费', '年费减免政策'],
    ['分期', '信用卡分期还款说明'],
  ] as const) {
    await search(page, query);
    const row = resultWithTitle(page, title);
    await expect(row, `${query} → ${title}`).toHaveCount(1, WAIT);
    await expect(row.locator('mark').first()).toHaveText(query);
  }

  // 卡分期 spans the words 信用卡 | 分期 inside 信用卡分期还款: found as a substring.
  await search(page, '卡分期');
  await expect(resultWithTitle(page, '信用卡分期还款说明')).toHaveCount(1, WAIT);

  await search(page, 'freeze');
  const english = resultWithTitle(page, 'Reporting a lost card (English-speaking customers)');
  await expect(english).toHaveCount(1, WAIT);
  await expect(english.locator('mark').first()).toHaveText(/freeze/i);

  // Keyboard: the first result is highlighted, Enter opens it, Esc comes back with the query kept.
  await page.getByTestId('kb-search-input').press('Enter');
  await expect(page.getByTestId('kb-article-title')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('kb-search-input')).toHaveValue('freeze');
  await expect(page.getByTestId('kb-search-input')).toBeFocused();
});

test("an author publishes an edit: the agent's open article becomes the new version with the change marked", async ({ page, lab }) => {
  // An author at the institution's console (ADM01 holds kb.edit), over the institution's HTTP API.
  const author = await consoleAuthor(lab);
  const title = '信用卡分期还款说明';
  const articleId = await author.articleId('credit-card', title);
  const before = await author.latest(articleId);

  await openKb(page, lab);
  await search(page, '分期');
  await resultWithTitle(page, title).click();
  const body = page.getByTestId('kb-article-body');
  await expect(body).toHaveAttribute('data-version', String(before.version));
  await expect(page.getByTestId('kb-article-updated')).toHaveCount(0);

  const added = '自 12 月 1 日起，账单分期手续费率下调为每期 0.5%。';
  const draft = await author.saveDraft(articleId, { title: before.title, body: `${before.body}\n\n${added}`, mandatory: before.mandatory });
  const published = await author.publish(articleId, draft.version);
  expect(published.version).toBe(before.version + 1);

  await expect(body).toHaveAttribute('data-version', String(published.version), WAIT);
  await expect(page.getByTestId('kb-article-updated')).toContainText(`已更新至第 ${published.version} 版`);
  await expect(page.getByTestId('kb-article-version')).toHaveText(`第 ${published.version} 版`);
  const changed = body.locator('.kb-md__block--changed');
  await expect(changed).toHaveCount(1);
  await expect(changed).toHaveText(added);
  // The rest of the article is there, unmarked.
  await expect(body).toContainText('信用卡分期还款申请须在到期还款日前提交');
});
