/**
 * Writes the README's knowledge-base screenshots (docs/screenshot-kb-*.png and
 * docs/screenshot-kb-authoring-*.png) at 1366 × 768 and 1920 × 1080 in zh-CN and en-US:
 * the agent's reader (search results for 分期 beside an open article with a table) and an
 * author's editor with its live preview. The browser demo lab is enough: no telephony.
 * Run after building the renderer:
 *
 *   npm run build:renderer && npx node e2e/kb-screenshot.ts
 *
 * Look at every picture before committing it.
 */
import { chromium, expect } from '@playwright/test';
import { ADMIN_ID, ADMIN_PASSWORD } from './fixtures/admin-api.ts';
import { chromiumArgs, chromiumPath } from './fixtures/chromium.ts';
import { AGENT, openAndLogin } from './fixtures/desk.ts';
import { SCREENSHOT_SIZES, shootAll } from './fixtures/screenshots.ts';
import { startLab } from './host/lab.ts';


const lab = await startLab();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
try {
  const agent = await browser.newPage({ viewport: SCREENSHOT_SIZES[0] });
  await openAndLogin(agent, lab.deskUrl, AGENT);
  await agent.getByTestId('workspace').locator('[data-area="kb"]').click();
  await agent.getByTestId('kb-search-input').pressSequentially('年费', { delay: 20 });
  await expect(agent.getByTestId('kb-result').first()).toBeVisible({ timeout: 15_000 });
  await agent.getByTestId('kb-results').locator('[data-testid="kb-result"][title="年费减免政策"]').click();
  await expect(agent.getByTestId('kb-article-body')).toBeVisible();
  await shootAll(agent, 'kb');
  // The test host is one desk: sign the agent out before the author signs in.
  await agent.getByTestId('logout').click();
  await expect(agent.getByTestId('login-submit')).toBeVisible();
  await agent.close();

  const author = await browser.newPage({ viewport: SCREENSHOT_SIZES[0] });
  await openAndLogin(author, lab.deskUrl, { id: ADMIN_ID, displayName: '陈静', password: ADMIN_PASSWORD });
  await author.getByRole('navigation').getByRole('button', { name: '知识库编辑' }).click();
  await expect(author.getByTestId('kb-authoring')).toBeVisible();
  await author.getByTestId('kb-author-space').selectOption('wealth');
  await author.getByTestId('kb-author-new').click();
  await author.getByTestId('kb-author-title').fill('大额存单提前支取');
  await author.getByTestId('kb-author-body').fill('# 提前支取\n\n| 持有期 | 利率 |\n|---|---|\n| 不满 1 年 | 活期 |\n| 1 年及以上 | 按档计息 |\n\n- 须本人持有效证件办理。\n- 部分提前支取后余额不得低于起存金额。');
  await expect(author.getByTestId('kb-author-preview').getByRole('cell', { name: '不满 1 年' })).toBeVisible();
  await shootAll(author, 'kb-authoring');
} finally {
  await browser.close().catch(() => undefined);
  await lab.close();
}
