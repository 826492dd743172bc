import { AGENT, openAndLogin, text } from '../fixtures/desk.ts';
import { institutionSessions } from '../fixtures/institution-db.ts';
import { expect, test } from '../fixtures/lab.ts';
import { readPageState } from '../fixtures/page-state.ts';
import { filesContaining } from '../fixtures/profile-scan.ts';

test('logout leaves nothing of the session behind, in the page, in the browser profile or at the institution', async ({ profile, lab }) => {
  const { page, context, userDataDir } = profile;
  // Every answer the bridge gives the page; none may carry a token.
  const bridgeBodies: Promise<string>[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/__desk/invoke/')) bridgeBodies.push(response.text());
  });

  await openAndLogin(page, lab.deskUrl, AGENT);
  // Change the language back and forth: the desk core keeps it, so the page must store nothing.
  await page.getByTestId('language-switch').selectOption('en-US');
  await page.getByTestId('language-switch').selectOption('zh-CN');
  const live = await institutionSessions(lab, AGENT.id);
  expect(live).toEqual([{ operatorId: AGENT.id, workstationId: lab.workstationId, revoked: false, revokedReason: null }]);

  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-operator-id')).toBeVisible();
  await expect(page.getByTestId('workspace')).toHaveCount(0);
  await expect(page.getByTestId('operator-name')).toHaveCount(0);
  await expect(page.getByTestId('logged-out-reason')).toHaveText(text['zh-CN']['loggedOut.user']);

  const state = await readPageState(page);
  expect(state.localStorageKeys).toEqual([]);
  expect(state.sessionStorageLength).toBe(0);
  expect(state.indexedDbNames).toEqual([]);
  expect(state.documentCookie).toBe('');
  expect(await context.cookies()).toEqual([]);
  expect(state.extraGlobals).toEqual(['desk']);
  expect(state.globalsMentioningToken).toEqual([]);

  const bodies = await Promise.all(bridgeBodies);
  expect(bodies.length).toBeGreaterThan(0);
  expect(bodies.filter((b) => /token/i.test(b))).toEqual([]);

  // The page no longer shows the operator anywhere.
  await expect(page.locator('body')).not.toContainText(AGENT.displayName);

  // Nothing on disk in this browser's profile holds the password or the operator's name.
  expect(await filesContaining(userDataDir, [AGENT.password, AGENT.displayName])).toEqual([]);

  // The institution revoked the session the desk held: its token is dead server-side.
  const after = await institutionSessions(lab, AGENT.id);
  expect(after).toEqual([{ operatorId: AGENT.id, workstationId: lab.workstationId, revoked: true, revokedReason: 'logout' }]);
});
