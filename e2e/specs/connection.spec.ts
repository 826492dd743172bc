import { AGENT, fillLogin } from '../fixtures/desk.ts';
import { expect, test } from '../fixtures/lab.ts';

/** Spelled out here, not imported from the renderer: a spec reusing the app's strings could not notice a wrong key. */
const UNREACHABLE = '无法连接机构服务，请稍后再试。';

test('the status bar never contradicts a login that could not reach the institution', async ({ page, lab }) => {
  await page.goto(lab.deskUrl);
  const status = page.getByTestId('connection-status');
  // Before sign-in, core's health probe found the institution.
  await expect(status).toHaveAttribute('data-state', 'online');

  await lab.stopInstitution();
  await fillLogin(page, AGENT);
  await expect(page.getByTestId('login-error')).toHaveText(UNREACHABLE);
  // The next probe is 15 s after the last one, beyond this expect's 5 s: only the failed
  // login's own outcome can turn the indicator now (it said 在线 for up to 15 s before).
  await expect(status).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('login-operator-id')).toHaveValue(AGENT.id);
});
