import { testPng } from '../../institution/src/testing/test-png.ts';
import type { Lab } from '../host/lab.ts';
import { openAndLogin } from '../fixtures/desk.ts';
import { installDefaultActionProbes, prevented, readClipboard, selectionText, type ProbeWindow } from '../fixtures/default-action-probe.ts';
import { consoleAuthor } from '../fixtures/kb-author.ts';
import { storedAuditEvents } from '../fixtures/institution-db.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * Protected viewing, end to end: Chromium with the desk (page guard + the main-world export
 * guard the bridge installs as the preload does), the test host's real core (audit chain,
 * delivery), the real institution (its audit store). The clipboard is seeded with a sentinel
 * before the article opens; every copy, cut, select, drag, print and save attempt in the
 * viewer must leave it as it was (read back each time), open no print dialog (`beforeprint`
 * never fires), and reach the institution's audit trail as `kb.protection-blocked` with its
 * kind, way, article id and version — never text. Then the same keys still edit text in the
 * agent's own field. (Electron's before-input-event layer is unit-tested: input-guard.test.ts.)
 */
const WAIT = { timeout: 15_000 };
const SENTINEL = 'SENTINEL-剪贴板-7f3a';
const TITLE = '防护演练：年费减免规则';
const SECRET = '每年刷卡满六次可免次年年费';

interface Audited {
  attempt: string;
  via: string;
  articleId: number;
  version: number;
}

/** The institution's audit store, read as its auditors would: every kb.protection-blocked of this workstation. */
function blockedAudited(lab: Lab): { records: Audited[]; raw: string } {
  const events = storedAuditEvents<Audited>(lab, 'kb.protection-blocked');
  return { records: events.map((e) => ({ attempt: e.data.attempt, via: e.data.via, articleId: e.data.articleId, version: e.data.version })), raw: JSON.stringify(events) };
}

/** The author publishes the article the agent will read: text, a table and one image (bytes through core). */
async function publishArticle(lab: Lab): Promise<{ articleId: number; version: number }> {
  const author = await consoleAuthor(lab);
  const image = await author.uploadImage('credit-card', testPng(64, 40));
  const body = [`${SECRET}，未达标收取 200 元。`, '| 卡种 | 年费 |\n|:--|--:|\n| 金卡 | 200 |', `![年费流程图](kb-image:${image.imageId})`, '以上规则自 2026 年 1 月 1 日起执行。'].join('\n\n');
  const draft = await author.create('credit-card', { title: TITLE, body, mandatory: false });
  await author.publish(draft.articleId, draft.version);
  return { articleId: draft.articleId, version: draft.version };
}

const ARTICLE = '[data-desk-protected="kb"]';


test('every copy, cut, select, drag, print and save attempt in the viewer is refused, leaves the clipboard alone and is audited; the agent’s own field still copies', async ({ page, lab }) => {
  test.setTimeout(120_000);
  const article = await publishArticle(lab);
  const deskOrigin = new URL(lab.deskUrl).origin;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: deskOrigin });

  await openAndLogin(page, lab.deskUrl);
  // The sentinel goes in before any article is shown (while one is, the Clipboard API refuses).
  await page.evaluate((s) => (globalThis as unknown as ProbeWindow).navigator.clipboard.writeText(s), SENTINEL);
  expect(await readClipboard(page)).toBe(SENTINEL);
  await installDefaultActionProbes(page);

  await page.keyboard.press('Control+K');
  await page.getByTestId('kb-search-input').fill('防护演练');
  await page.getByTestId('kb-result').filter({ hasText: TITLE }).click();
  const body = page.getByTestId('kb-article-body');
  await expect(body).toContainText(SECRET, WAIT);
  await expect(page.locator(ARTICLE)).toHaveAttribute('data-desk-article-version', String(article.version));
  const paragraph = body.locator('p').filter({ hasText: SECRET });
  const image = body.locator('img.kb-md__image');
  await expect(image).toBeVisible(WAIT);
  // The attributable watermark lies over the article (and the whole window), out of the pointer's way.
  const mark = (await page.getByTestId('watermark').boundingBox())!;
  const region = (await page.locator(ARTICLE).boundingBox())!;
  expect(mark.x <= region.x && mark.y <= region.y && mark.x + mark.width >= region.x + region.width && mark.y + mark.height >= region.y + region.height).toBe(true);
  await expect(page.getByTestId('watermark')).toContainText('A1001');

  // The agent's own field beside the article: the phone panel's number.
  const field = page.getByTestId('phone-number');
  await expect(field).toBeVisible();
  const pull = async (from: { x: number; y: number }, to: { x: number; y: number }) => {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.mouse.up();
  };
  const centre = async (locator: typeof field) => {
    const box = (await locator.boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };

  const expected: Audited[] = [];
  const attempt = async (name: string, kinds: [string, string][], run: () => Promise<void>) => {
    await run();
    expect(await readClipboard(page), `${name}: the clipboard still holds the sentinel`).toBe(SENTINEL);
    expect(await selectionText(page), `${name}: nothing of the article is selected`).not.toContain('年费');
    expect(await page.evaluate(() => (globalThis as unknown as ProbeWindow).__probe.printed), `${name}: no print started`).toBe(0);
    for (const [a, via] of kinds) expected.push({ attempt: a, via, ...article });
  };
  const press = (key: string) => page.keyboard.press(key);

  await attempt('Ctrl+C over the article', [['copy', 'keyboard']], async () => {
    await paragraph.click();
    await press('Control+C');
    expect(await prevented(page, 'keydown:c')).toBe(1);
  });
  await attempt('Ctrl+Insert', [['copy', 'keyboard-insert']], () => press('Control+Insert'));
  await attempt('Ctrl+X', [['cut', 'keyboard']], () => press('Control+X'));
  await attempt('Shift+Delete', [['cut', 'keyboard-delete']], () => press('Shift+Delete'));
  await attempt('Ctrl+A then Ctrl+C', [['select-all', 'keyboard']], async () => {
    await press('Control+A');
    expect(await selectionText(page)).toBe('');
    await press('Control+C');
  });
  await attempt('context menu by mouse', [['context-menu', 'mouse']], async () => {
    await paragraph.click({ button: 'right' });
    expect(await prevented(page, 'contextmenu')).toBe(1);
  });
  await attempt('context menu by keyboard (Shift+F10)', [['context-menu', 'keyboard']], async () => {
    // The menu key acts on what has focus: put it inside the article (its region takes focus by script only).
    await page.locator(ARTICLE).evaluate((el) => {
      (el as { tabIndex: number }).tabIndex = -1;
      (el as { focus(): void }).focus();
    });
    await press('Shift+F10');
    expect(await prevented(page, 'keydown:f10')).toBe(1);
  });
  await attempt("document.execCommand('copy') over a script selection", [['copy', 'exec-command'], ['select', 'selection-api']], async () => {
    const result = await page.evaluate((selector) => {
      const w = globalThis as unknown as ProbeWindow;
      w.getSelection()!.selectAllChildren(w.document.querySelector(selector));
      return w.document.execCommand('copy');
    }, ARTICLE);
    expect(result).toBe(false);
    await expect.poll(() => selectionText(page)).toBe('');
  });
  await attempt("document.execCommand('cut')", [['cut', 'exec-command']], async () => {
    const result = await page.evaluate((selector) => {
      const w = globalThis as unknown as ProbeWindow;
      w.getSelection()!.selectAllChildren(w.document.querySelector(selector));
      return w.document.execCommand('cut');
    }, ARTICLE);
    expect(result).toBe(false);
    await expect.poll(() => selectionText(page)).toBe('');
  });
  await attempt('Selection API then Ctrl+C', [], async () => {
    await page.evaluate((selector) => {
      const w = globalThis as unknown as ProbeWindow;
      w.getSelection()!.selectAllChildren(w.document.querySelector(selector));
    }, ARTICLE);
    // The guard collapses a selection that reaches into the article (selectionchange).
    await expect.poll(() => selectionText(page)).toBe('');
    await press('Control+C');
  });
  await attempt("execCommand('copy') borrowed from another realm (an about:blank frame)", [['copy', 'clipboard-event']], async () => {
    const result = await page.evaluate((selector) => {
      const w = globalThis as unknown as ProbeWindow;
      const frame = w.document.createElement('iframe');
      w.document.body.appendChild(frame);
      try {
        w.getSelection()!.selectAllChildren(w.document.querySelector(selector));
        return frame.contentWindow.Document.prototype.execCommand.call(w.document, 'copy');
      } finally {
        frame.remove();
      }
    }, ARTICLE);
    // The native command ran (true); the guard cancelled its copy event with empty data (the
    // clipboard check below), and stopped it there, so no later listener saw it.
    expect(result).toBe(true);
    await expect.poll(() => selectionText(page)).toBe('');
  });
  await attempt('Clipboard API writeText', [['copy', 'clipboard-api']], async () => {
    const outcome = await page.evaluate(
      (secret) =>
        (globalThis as unknown as ProbeWindow).navigator.clipboard.writeText(secret).then(
          () => 'written',
          (error: Error) => error.name,
        ),
      SECRET,
    );
    expect(outcome).toBe('NotAllowedError');
  });
  await attempt('select by mouse drag, then Ctrl+C', [['select', 'mouse']], async () => {
    const box = (await paragraph.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(await selectionText(page)).toBe('');
    await press('Control+C');
  });
  await attempt('double-click a word, then Ctrl+C', [['select', 'double-click']], async () => {
    await paragraph.dblclick();
    expect(await selectionText(page)).toBe('');
    await press('Control+C');
  });
  await attempt('drag the image out onto the number field', [['drag', 'image']], async () => {
    await pull(await centre(image), await centre(field));
    await expect(field).toHaveValue('');
  });
  await attempt('drag the text out onto the number field', [], async () => {
    const box = (await paragraph.boundingBox())!;
    await pull({ x: box.x + 4, y: box.y + box.height / 2 }, await centre(field));
    await expect(field).toHaveValue('');
  });
  await attempt('Ctrl+P', [['print', 'keyboard']], async () => {
    await press('Control+P');
    expect(await prevented(page, 'keydown:p')).toBe(1);
  });
  await attempt('window.print()', [['print', 'window-print']], async () => {
    expect(await page.evaluate(() => (globalThis as unknown as ProbeWindow).print() ?? 'returned')).toBe('returned');
  });
  await attempt('print media (what a print would render)', [['print', 'print-media']], async () => {
    await page.emulateMedia({ media: 'print' });
    await expect(body).toBeHidden();
    await expect(page.getByTestId('workspace')).toBeHidden();
    // A media query's change event is reported at the page's next rendering update (before its
    // animation-frame callbacks); the checks above only recalculate style. Back to screen before that
    // update, the page would see no change at all (the CI flake of 2026-12-01 07:30).
    await page.evaluate(() => new Promise<void>((resolve) => (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(() => resolve())));
    await page.emulateMedia({ media: 'screen' });
    await expect(body).toBeVisible();
  });
  await attempt('Ctrl+S (save as)', [['save', 'keyboard']], async () => {
    await press('Control+S');
    expect(await prevented(page, 'keydown:s')).toBe(1);
  });

  // Nineteen kinds of attempt; each reached the institution's audit trail, ids only.
  expect(new Set(expected.map((e) => `${e.attempt}/${e.via}`)).size).toBeGreaterThanOrEqual(15);
  const key = (r: Audited) => `${r.attempt}/${r.via}@${r.articleId}v${r.version}`;
  const missing = () => {
    const seen = new Set(blockedAudited(lab).records.map(key));
    return expected.map(key).filter((k) => !seen.has(k));
  };
  await expect.poll(missing, { timeout: 20_000 }).toEqual([]);
  const { records, raw } = blockedAudited(lab);
  expect(records.every((r) => r.articleId === article.articleId && r.version === article.version)).toBe(true);
  expect(raw).not.toContain('年费');
  expect(raw).not.toContain(SENTINEL);

  // The agent's own field, beside the open article: the same keys edit text.
  await expect(body).toBeVisible();
  await field.click();
  await field.pressSequentially('95588');
  await press('Control+A');
  await press('Control+C');
  expect(await readClipboard(page)).toBe('95588');
  await field.fill('4000123456');
  await press('Control+A');
  await press('Control+X');
  await expect(field).toHaveValue('');
  expect(await readClipboard(page)).toBe('4000123456');
  await press('Control+V');
  await expect(field).toHaveValue('4000123456');
  await expect(body).toContainText(SECRET);
});

test('with the policy flag, the article is blurred while the window is unfocused, and only then', async ({ page, lab, adminApi }) => {
  await publishArticle(lab);
  await openAndLogin(page, lab.deskUrl);
  await page.keyboard.press('Control+K');
  await page.getByTestId('kb-search-input').fill('防护演练');
  await page.getByTestId('kb-result').filter({ hasText: TITLE }).click();
  const region = page.getByTestId('kb-protected');
  await expect(page.getByTestId('kb-article-body')).toContainText(SECRET, WAIT);
  // Headless Chromium keeps the page focused; the window's blur and focus events are what the desk follows.
  const windowEvent = (type: 'blur' | 'focus') => page.evaluate((t) => (globalThis as unknown as { dispatchEvent(e: unknown): boolean; Event: new (t: string) => unknown }).dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event(t)), type);

  await windowEvent('blur');
  await expect(page.getByTestId('kb-protected-veil')).toHaveCount(0);

  // The institution turns the flag on: signed policy → push → the open article follows.
  // The window is focused when the policy arrives (nothing to blur yet): each poll leaves it once.
  await adminApi.setPolicy({ kbBlurUnfocused: true });
  await expect
    .poll(async () => {
      await windowEvent('blur');
      return page.getByTestId('kb-protected-veil').count();
    }, WAIT)
    .toBe(1);
  await expect(region).toHaveClass(/kb-protected--blurred/);
  await windowEvent('focus');
  await expect(page.getByTestId('kb-protected-veil')).toHaveCount(0);
  await windowEvent('blur');
  await expect(page.getByTestId('kb-protected-veil')).toHaveText('窗口未激活，文章内容已隐藏。回到本窗口即可继续阅读。');
});
