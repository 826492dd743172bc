import { totpCodeForSecret } from '../../institution/src/auth/totp.ts';
import { AGENT, TOTP_AGENT, fillLogin, openAndLogin, text } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';

test.describe('login against the real institution', () => {
  test('an agent signs in: name in the header, operator and workstation in the watermark', async ({ page, lab }) => {
    await page.goto(lab.deskUrl);
    // zh-CN is the default even though the browser itself runs in en-US.
    await expect(page.getByTestId('login-submit')).toHaveText(text['zh-CN']['login.submit']);
    await fillLogin(page, AGENT);

    await expect(page.getByTestId('workspace')).toBeVisible();
    await expect(page.getByTestId('operator-name')).toContainText(AGENT.displayName);
    const watermark = page.getByTestId('watermark');
    await expect(watermark).toBeAttached();
    await expect(watermark).toContainText(AGENT.id);
    await expect(watermark).toContainText(lab.workstationId);
    expect(lab.workstationId).toBe('WS-E2E-01');
  });

  test('a wrong password gives the localized error and keeps the operator ID', async ({ page, lab }) => {
    await page.goto(lab.deskUrl);
    // Before anyone signs in, the status bar shows whether the institution is reachable.
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online');
    await fillLogin(page, { id: AGENT.id, password: 'not-the-password' });

    await expect(page.getByTestId('login-error')).toHaveText(text['zh-CN']['error.invalid_credentials']);
    await expect(page.getByTestId('login-operator-id')).toHaveValue(AGENT.id);
    await expect(page.getByTestId('workspace')).toHaveCount(0);
  });

  test('an operator with TOTP signs in with the current code', async ({ page, lab }) => {
    await page.goto(lab.deskUrl);
    await fillLogin(page, TOTP_AGENT);

    const code = page.getByTestId('totp-code');
    await expect(code).toBeVisible();
    await expect(page.getByTestId('workspace')).toHaveCount(0);
    // 返回 and 验证并登录 sit on one line, the same height (the submit used to sit 4 px lower).
    const back = await page.getByRole('button', { name: '返回' }).boundingBox();
    const submit = await page.getByTestId('totp-submit').boundingBox();
    expect(submit?.y).toBe(back?.y);
    expect(submit?.height).toBe(back?.height);
    // Computed with the institution's own TOTP module, at the moment of typing.
    await code.fill(totpCodeForSecret(TOTP_AGENT.totpSecret ?? '', Date.now()));
    await page.getByTestId('totp-submit').click();

    await expect(page.getByTestId('workspace')).toBeVisible();
    await expect(page.getByTestId('operator-name')).toContainText(TOTP_AGENT.displayName);
  });

  test('a signed-in desktop is online and its audit chain reaches the institution intact', async ({ page, lab, adminApi }) => {
    await openAndLogin(page, lab.deskUrl, AGENT);
    const zh = text['zh-CN'];
    await expect(page.getByTestId('connection-status')).toHaveText(
      zh['status.connection'].replace('{state}', zh['connection.online']),
    );
    // Login and UI events are chained and delivered (the desk enrolled at start-up); the backlog drains to zero.
    await expect(page.getByTestId('audit-backlog')).toHaveText(zh['status.backlog'].replace('{count}', '0'), {
      timeout: 15_000,
    });
    const status = await adminApi.auditStatus(lab.workstationId);
    expect(status.headSeq).toBeGreaterThanOrEqual(1);
    expect(status.flags).toEqual([]);
  });
});
