import { AGENT, fillLogin, openAndLogin, text } from '../fixtures/desk.ts';
import { institutionSessions } from '../fixtures/institution-db.ts';
import { expect, test } from '../fixtures/lab.ts';

test.describe('workstation provisioning', () => {
  test('a provisioned desk enrolls at start: no notice, the institution knows the workstation, the agent signs in', async ({ page, lab, adminApi }) => {
    await page.goto(lab.deskUrl);
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await expect(page.getByTestId('enrollment-refused')).toHaveCount(0);
    await openAndLogin(page, lab.deskUrl, AGENT);
    // Enrolled by the desk's start-up with IT's one-time code, not by the agent's session.
    const status = await adminApi.auditStatus(lab.workstationId);
    expect(status.workstationId).toBe(lab.workstationId);
  });

  test.describe('a desk whose workstation IT never registered', () => {
    test.use({ registerWorkstation: false });

    test('refuses sign-in with the localized not-enrolled message and shows why, creating no session', async ({ page, lab }) => {
      await page.goto(lab.deskUrl);
      await fillLogin(page, AGENT);

      await expect(page.getByTestId('login-error')).toHaveText(text['zh-CN']['error.workstation_not_enrolled']);
      await expect(page.getByTestId('enrollment-refused')).toHaveText(text['zh-CN']['login.enrollmentRefused']);
      await expect(page.getByTestId('workspace')).toHaveCount(0);
      await expect(page.getByTestId('login-operator-id')).toHaveValue(AGENT.id);
      expect(await institutionSessions(lab, AGENT.id)).toEqual([]);

      // The notice is there from the start on the next visit (core already knows it was refused).
      await page.reload();
      await expect(page.getByTestId('enrollment-refused')).toHaveText(text['zh-CN']['login.enrollmentRefused']);
    });
  });
});
