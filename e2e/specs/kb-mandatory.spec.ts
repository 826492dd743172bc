import Database from 'better-sqlite3';
import { databasePath } from '../../institution/src/data-dir.ts';
import { ADMIN_ID, ADMIN_PASSWORD } from '../fixtures/admin-api.ts';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import type { PageLike } from '../fixtures/dom-like.ts';
import { consoleAuthor } from '../fixtures/kb-author.ts';
import { expect, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * Mandatory reads hold Ready (示闲), end to end: Chromium with the desk, the test host's
 * real core, the real institution (HTTPS, SQLite, the push stream) and the real telephony
 * lab the phone registers with. An author marks an article mandatory and publishes it; the
 * agent's queue shows it live; Ready is refused by the desk and never reaches the
 * institution; the agent opens and acknowledges the version; Ready is allowed and reported;
 * the institution records the acknowledgement and the author's "who has not read" view —
 * at the console and in the desk's authoring area — no longer lists the agent.
 */
test.describe.configure({ timeout: 120_000 });

const WAIT = { timeout: 20_000 };
const TITLE = '年费减免政策';

/** The agent's state history at the institution, read from its own SQLite file. */
function reportedStates(world: PhoneWorld): string[] {
  const db = new Database(databasePath(world.lab.institutionDataDir), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT state FROM agent_state_history WHERE operator_id = ? ORDER BY n').all(AGENT.id) as { state: string }[]).map((r) => r.state);
  } finally {
    db.close();
  }
}

test('a mandatory article holds Ready until the agent opens and acknowledges it; the author sees the acknowledgement', async ({ phone }) => {
  const { desk, lab } = phone;
  const author = await consoleAuthor(lab);
  const articleId = await author.articleId('credit-card', TITLE);

  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', WAIT);
  // The seed's mandatory articles were read at onboarding: nothing holds Ready yet.
  await expect(desk.getByTestId('kb-ready-hold')).toHaveCount(0);
  await expect(desk.getByTestId('kb-mandatory-badge')).toHaveCount(0);

  // The author marks the article mandatory and publishes: the agent's queue shows it live.
  const current = await author.latest(articleId);
  const draft = await author.saveDraft(articleId, { title: current.title, body: `${current.body}\n\n自即日起，白金卡年费可用积分全额抵扣。`, mandatory: true });
  await author.publish(articleId, draft.version);
  await expect(desk.getByTestId('kb-mandatory-badge')).toHaveText('1', WAIT);
  await expect(desk.getByTestId('kb-ready-hold')).toContainText('还有 1 篇必读文章待确认，确认后才能示闲。');

  // Ready is refused, with the reason and the way to the queue, said once (the hold under the
  // choice turns into the alert; the phone's problem line stays quiet); the institution never hears "ready".
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  const hold = desk.getByTestId('kb-ready-hold');
  await expect(hold).toHaveAttribute('data-refused', 'true');
  await expect(hold).toHaveAttribute('role', 'alert');
  await expect(desk.getByTestId('phone-problem')).toHaveCount(0);
  await expect(desk.getByTestId('phone-agent-state')).toHaveValue('unset');
  // On a 1366 px laptop in en-US (the longest texts), the refusal fits the phone panel.
  await desk.setViewportSize({ width: 1366, height: 768 });
  await desk.getByTestId('language-switch').selectOption('en-US');
  await expect(hold).toContainText('Required articles to acknowledge before you can go Ready: 1.');
  expect(
    await desk.evaluate(() => {
      const { document } = globalThis as unknown as PageLike;
      const panel = document.querySelector('[data-testid="phone-panel"]');
      const held = document.querySelector('[data-testid="kb-ready-hold"]');
      if (panel === null || held === null) return 'missing';
      const right = panel.getBoundingClientRect().right;
      return panel.scrollWidth <= panel.clientWidth + 1 && held.getBoundingClientRect().right <= right + 1 ? 'fits' : `overflows: ${panel.scrollWidth}/${panel.clientWidth}, ${held.getBoundingClientRect().right} > ${right}`;
    }),
  ).toBe('fits');
  await desk.getByTestId('language-switch').selectOption('zh-CN');
  expect(reportedStates(phone)).not.toContain('ready');
  expect((await author.unread(articleId)).operators.map((o) => o.id)).toContain(AGENT.id);

  // The agent goes to the queue, opens the article (its new paragraph is there) and acknowledges it.
  await desk.getByTestId('kb-ready-hold').getByRole('button', { name: '打开必读' }).click();
  await expect(desk.getByTestId('kb-mandatory-count')).toHaveText('待确认 1 篇');
  const item = desk.getByTestId('kb-mandatory-item');
  await expect(item).toContainText(TITLE);
  await expect(item).toContainText(`第 ${draft.version} 版`);
  // Acknowledging needs the article opened first: there is no button in the list.
  await expect(desk.getByTestId('kb-mandatory-acknowledge')).toHaveCount(0);
  await item.getByRole('button', { name: '阅读' }).click();
  await expect(desk.getByTestId('kb-mandatory-reader')).toContainText('白金卡年费可用积分全额抵扣');
  await desk.getByTestId('kb-mandatory-acknowledge').click();
  await expect(desk.getByTestId('kb-mandatory-empty')).toBeVisible();
  await expect(desk.getByTestId('kb-mandatory-badge')).toHaveCount(0);
  await expect(desk.getByTestId('kb-ready-hold')).toHaveCount(0);

  // Ready is allowed now and reaches the institution.
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲', WAIT);
  expect(reportedStates(phone)).toContain('ready');

  // The author: the agent is no longer among those who have not read this version.
  const unread = await author.unread(articleId);
  expect(unread.version).toBe(draft.version);
  expect(unread.operators.map((o) => o.id)).not.toContain(AGENT.id);
  expect(unread.operators.map((o) => o.id)).toContain('A1002');

  // And in the desk's own authoring view, signed in as the author on this workstation.
  await desk.getByTestId('logout').click();
  await expect(desk.getByTestId('login-operator-id')).toBeVisible(WAIT);
  await openAndLogin(desk, lab.deskUrl, { id: ADMIN_ID, displayName: '陈静', password: ADMIN_PASSWORD });
  await desk.getByRole('navigation').getByRole('button', { name: '知识库编辑' }).click();
  // Choose the article's space: the area opens on whichever space comes first, and other specs
  // add spaces to the shared lab institution.
  await desk.getByTestId('kb-author-space').selectOption('credit-card');
  await desk.getByTestId('kb-author-article').filter({ hasText: TITLE }).click();
  const view = desk.getByTestId('kb-author-unread');
  await expect(view).toHaveAttribute('data-version', String(draft.version));
  await expect(view.locator('[data-operator-id="A1002"]')).toBeVisible();
  await expect(view.locator(`[data-operator-id="${AGENT.id}"]`)).toHaveCount(0);
});
