import { KbSpacesResponse } from '../../institution/contract/kb-api.ts';
import { StaffActionPage } from '../../institution/contract/api.ts';
import { ADMIN_ID, ADMIN_PASSWORD, apiUrl, loginConsole } from '../fixtures/admin-api.ts';
import { openAndLogin } from '../fixtures/desk.ts';
import { consoleAuthor } from '../fixtures/kb-author.ts';
import { httpsJson } from '../host/https-json.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * Space management from the desk (Chromium + the test host's real core + the real
 * institution): an author creates a space with the keyboard, then lets agents read it; the
 * institution holds exactly that and its staff-action log says who did both. And an agent
 * reading an article of a space whose read roles the institution then narrows sees it closed
 * at once, with the reason said, and the space gone from the list (the push), until restored.
 */
test('an author creates a space and sets its read roles from the desk; the institution records both', async ({ page, lab }) => {
  await openAndLogin(page, lab.deskUrl, { id: ADMIN_ID, displayName: '陈静', password: ADMIN_PASSWORD });
  await page.getByRole('navigation').getByRole('button', { name: '知识库编辑' }).click();
  const toggle = page.getByTestId('kb-space-settings-toggle');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('kb-space-new-id').focus();
  await page.keyboard.type('fx-desk');
  await page.keyboard.press('Tab');
  await page.keyboard.type('外汇业务');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Foreign exchange');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // past 坐席 to 班长
  await page.keyboard.press('Space');
  await page.getByTestId('kb-space-create').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('kb-space-status')).toHaveText('已创建空间“外汇业务”。');
  await expect(page.getByTestId('kb-author-space')).toHaveValue('fx-desk');

  // Let agents read it too.
  await page.getByTestId('kb-space-roles').getByLabel('坐席').check();
  await page.getByTestId('kb-space-roles-save').click();
  await expect(page.getByTestId('kb-space-status')).toHaveText('已保存“外汇业务”的阅读权限。');

  const { accessToken } = await loginConsole(lab.institutionUrl, lab.caPem, { operatorId: ADMIN_ID, password: ADMIN_PASSWORD });
  const get = async (route: string) => (await httpsJson(apiUrl(lab.institutionUrl, route), lab.caPem, { bearer: accessToken })).body;
  const space = KbSpacesResponse.parse(await get('/kb/spaces')).spaces.find((s) => s.id === 'fx-desk');
  expect(space).toEqual({ id: 'fx-desk', nameZh: '外汇业务', nameEn: 'Foreign exchange', readRoles: ['agent', 'supervisor'] });
  const actions = StaffActionPage.parse(await get('/admin/audit/staff-actions')).actions.filter((a) => a.subject === 'kb-space:fx-desk');
  expect(actions.map((a) => [a.type, a.operatorId, a.detail])).toEqual([
    ['kb-space-created', ADMIN_ID, 'roles supervisor'],
    ['kb-space-roles-changed', ADMIN_ID, 'roles supervisor→agent,supervisor'],
  ]);
  expect(actions.every((a) => a.workstationId !== null)).toBe(true);
});

test("the institution drops the agent's role from a space: the open article closes with the reason said and the space leaves the list; restored, it returns", async ({ page, lab }) => {
  const WAIT = { timeout: 15_000 };
  const author = await consoleAuthor(lab);
  await author.createSpace({ id: 'remit-access', nameZh: '跨境汇款', nameEn: 'Cross-border remittance', readRoles: ['agent', 'supervisor'] });
  const draft = await author.create('remit-access', { title: '跨境汇款到账时限', body: '跨境汇款一般在 1 至 3 个工作日内到账。', mandatory: false });
  await author.publish(draft.articleId, draft.version);

  await openAndLogin(page, lab.deskUrl);
  await page.getByTestId('workspace').locator('[data-area="kb"]').click();
  const listed = page.getByTestId('kb-space-list').locator('li[data-space-id="remit-access"]');
  await expect(listed).toHaveText('跨境汇款', WAIT);
  const input = page.getByTestId('kb-search-input');
  await input.pressSequentially('到账时限', { delay: 20 });
  const result = page.getByTestId('kb-results').locator('[data-testid="kb-result"][title="跨境汇款到账时限"]');
  await result.click();
  await expect(page.getByTestId('kb-article-title')).toHaveText('跨境汇款到账时限');

  // The bank's admin, at the console, lets only supervisors read the space.
  await author.setReadRoles('remit-access', ['supervisor']);
  await expect(page.getByTestId('kb-access-closed')).toHaveText('该知识空间的阅读权限已变更，此文章已关闭。', WAIT);
  await expect(page.getByTestId('kb-article')).toHaveCount(0);
  await expect(listed).toHaveCount(0);
  await expect(result).toHaveCount(0);
  await expect(page.getByTestId('kb-space-list').locator('li[data-space-id="credit-card"]')).toHaveText('信用卡');
  await expect(input).toHaveValue('到账时限');

  // Given back: the space is listed again and the search finds the article again.
  await author.setReadRoles('remit-access', ['agent', 'supervisor']);
  await expect(listed).toHaveText('跨境汇款', WAIT);
  await expect(result).toHaveCount(1, WAIT);
});
