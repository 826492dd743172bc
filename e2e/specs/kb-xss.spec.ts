import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testPng } from '../../institution/src/testing/test-png.ts';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { consoleAuthor } from '../fixtures/kb-author.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * Rendering is data, not markup (issue #8), end to end: an author publishes, through the
 * institution's HTTP API, an article full of script, event handlers, `javascript:` and
 * `data:` links, external and protocol-relative images, CSS exfiltration, inline SVG with
 * script, iframe/object/embed, and one real article image. The agent opens it in the desk
 * (Chromium, the test host's real core, the real institution): nothing runs, nothing is
 * fetched from the loopback "attacker" server, the page reports no CSP violation (our
 * rendering never even asks for what the CSP would refuse), and the kb-image shows.
 */

const WAIT = { timeout: 20_000 };
const TITLE = '防护演练：恶意内容文章';

/** A loopback HTTP server standing in for an attacker's: it counts every request it receives. */
async function attackerServer(): Promise<{ origin: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png' }).end(testPng(1, 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function hostileMarkdown(attacker: string, imageId: string): string {
  const host = attacker.replace(/^http:/, '');
  return [
    '# 防护演练',
    '<script>globalThis.__kbXss = "script"; alert("script")</script>',
    `<img src="${attacker}/img-onerror.png" onerror="globalThis.__kbXss = 'onerror'">`,
    `<a href="javascript:globalThis.__kbXss='a-href'" onclick="globalThis.__kbXss='onclick'">原始 HTML 链接</a>`,
    "[脚本链接](javascript:globalThis.__kbXss='md-link';alert(1))",
    `[外部链接](${attacker}/link) <${attacker}/autolink> [邮件](mailto:a@example.com)`,
    '[数据链接](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    `![外部图片](${attacker}/external.png) ![协议相对](${host}/protocol-relative.png) ![带标题](${attacker}/titled.png "t\\" onerror=\\"alert(1)")`,
    '![数据图片](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
    `<style>body { background: url(${attacker}/style-tag.png) }</style>`,
    `<div style="background-image: url(${attacker}/style-attr.png)">带样式的段落</div>`,
    `<svg onload="globalThis.__kbXss='svg'"><script>globalThis.__kbXss='svg-script'</script><image href="${attacker}/svg-image.png"/></svg>`,
    `<iframe src="${attacker}/iframe"></iframe><object data="${attacker}/object"></object><embed src="${attacker}/embed">`,
    `<link rel="stylesheet" href="${attacker}/link.css"><meta http-equiv="refresh" content="0;url=${attacker}/meta">`,
    `<form action="${attacker}/form"><button formaction="javascript:alert(1)">提交</button></form>`,
    `![引用图片][ref] [引用链接][ref]\n\n[ref]: ${attacker}/reference`,
    `| 项目 | <img src=${attacker}/table.png> |\n|:--|--:|\n| \`<script>\` | <b onmouseover="alert(1)">粗体</b> |`,
    `![流程图](kb-image:${imageId})`,
    '结尾段落',
  ].join('\n\n');
}

test('a hostile article renders inert: nothing runs, nothing is fetched, no CSP violation; the kb-image shows', async ({ page, lab }) => {
  const attacker = await attackerServer();
  try {
    // The author, at the institution's console: one real image, then the article, published.
    const author = await consoleAuthor(lab);
    const png = testPng(40, 24);
    const image = await author.uploadImage('credit-card', png);
    const draft = await author.create('credit-card', { title: TITLE, body: hostileMarkdown(attacker.origin, image.imageId), mandatory: false });
    await author.publish(draft.articleId, draft.version);

    // Everything the page might do that it must not.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text())) cspViolations.push(message.text());
    });
    const foreignRequests: string[] = [];
    const deskOrigin = new URL(lab.deskUrl).origin;
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(deskOrigin) && !url.startsWith('data:')) foreignRequests.push(url);
    });

    await openAndLogin(page, lab.deskUrl, AGENT);
    await page.keyboard.press('Control+K');
    await page.getByTestId('kb-search-input').fill('防护演练');
    await page.getByTestId('kb-result').filter({ hasText: TITLE }).click();
    const body = page.getByTestId('kb-article-body');
    await expect(body).toContainText('结尾段落', WAIT);

    // The article image, loaded as bytes through core, shows at its natural size.
    const img = body.locator('img.kb-md__image');
    await expect(img).toHaveCount(1, WAIT);
    await expect.poll(() => img.evaluate((el: { naturalWidth: number; naturalHeight: number; complete: boolean }) => (el.complete ? [el.naturalWidth, el.naturalHeight] : [0, 0])), WAIT).toEqual([40, 24]);
    expect(await img.getAttribute('src')).toBe(`data:image/png;base64,${png.toString('base64')}`);

    // The hostile parts are there as text, not as elements.
    await expect(body).toContainText('<script>globalThis.__kbXss = "script"; alert("script")</script>');
    await expect(body).toContainText(`［外部图片不予加载：外部图片（${attacker.origin}/external.png）］`);
    await expect(body).toContainText(`（链接：javascript:globalThis.__kbXss='md-link';alert(1)）`);

    // Clicking what looks like links does nothing: no navigation, no new page, nothing run.
    const before = page.url();
    for (const text of ['脚本链接', '外部链接', '数据链接', '原始 HTML 链接', '粗体']) {
      await body.getByText(text, { exact: false }).first().click();
    }
    await body.getByText('粗体', { exact: false }).first().hover();
    expect(page.url()).toBe(before);
    expect(page.context().pages()).toHaveLength(1);

    const dom = await body.evaluate((root: ElementLike) => {
      const all = [root, ...Array.from(root.querySelectorAll('*'))];
      return {
        forbiddenElements: all.filter((el) => /^(script|style|link|meta|iframe|object|embed|svg|form|a|base|frame|frameset|video|audio|source|input)$/i.test(el.tagName)).map((el) => el.tagName),
        eventAttributes: all.flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
        styleAttributes: all.filter((el) => el.hasAttribute('style')).map((el) => el.tagName),
        hrefs: all.filter((el) => el.hasAttribute('href') || el.hasAttribute('xlink:href') || el.hasAttribute('formaction') || el.hasAttribute('action')).map((el) => el.tagName),
        imageSources: all.filter((el) => el.tagName === 'IMG').map((el) => (el.getAttribute('src') ?? '').slice(0, 22)),
      };
    });
    // Each check on its own (soft), so a failure shows every way the article got out.
    expect.soft(dom).toEqual({ forbiddenElements: [], eventAttributes: [], styleAttributes: [], hrefs: [], imageSources: ['data:image/png;base64,'] });

    expect.soft(await page.evaluate(() => (globalThis as { __kbXss?: unknown }).__kbXss)).toBeUndefined();
    expect.soft(dialogs).toEqual([]);
    expect.soft(foreignRequests).toEqual([]);
    expect.soft(attacker.hits).toEqual([]);
    expect.soft(cspViolations).toEqual([]);
  } finally {
    await attacker.close();
  }
});

interface ElementLike {
  tagName: string;
  attributes: ArrayLike<{ name: string }>;
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<ElementLike>;
}

