import { KbSpacesResponse } from '../../institution/contract/kb-api.ts';
import { StaffActionPage } from '../../institution/contract/api.ts';
import { ADMIN_ID, ADMIN_PASSWORD, apiUrl, loginConsole } from '../fixtures/admin-api.ts';
import { openAndLogin } from '../fixtures/desk.ts';
import { httpsJson } from '../host/https-json.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * Space management from the desk (Chromium + the test host's real core + the real
 * institution): an author creates a space with the keyboard, then lets agents read it; the
 * institution holds exactly that and its staff-action log says who did both.
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
