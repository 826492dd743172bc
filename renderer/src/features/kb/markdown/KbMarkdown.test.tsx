// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { translatorFor } from '../../../i18n/translate.ts';
import { KbMarkdownView, type KbMarkdownProps } from './KbMarkdown.tsx';
import { imageDataUrl, type KbImageBytes } from './KbImage.tsx';
import { markdownBlocks } from './blocks.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAX+XDSwAAAABJRU5ErkJggg==';
const IMAGE_ID = 'AbCdEfGhIjKlMnOpQrStUv';
const t = translatorFor('en-US');

let mounted: { root: Root; container: HTMLElement } | null = null;
afterEach(() => {
  if (mounted) act(() => mounted!.root.unmount());
  mounted?.container.remove();
  mounted = null;
});

async function render(props: KbMarkdownProps): Promise<HTMLElement> {
  if (!mounted) {
    const container = document.createElement('div');
    document.body.append(container);
    mounted = { root: createRoot(container), container };
  }
  const { root, container } = mounted;
  await act(async () => {
    root.render(<KbMarkdownView {...props} t={t} />);
    await Promise.resolve();
  });
  // Image loads resolve in later microtasks.
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  });
  return container;
}

const ALLOWED_ELEMENTS = new Set([
  'DIV', 'P', 'SPAN', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'HR', 'PRE', 'CODE', 'TABLE', 'THEAD',
  'TBODY', 'TR', 'TH', 'TD', 'BR', 'EM', 'STRONG', 'DEL', 'BUTTON', 'IMG',
]);
const ALLOWED_ATTRIBUTES = new Set(['class', 'data-block-key', 'start', 'type', 'src', 'alt', 'draggable', 'decoding', 'role', 'aria-label']);

/** Everything the article may not produce, whatever its Markdown. */
function inertViolations(container: HTMLElement): string[] {
  const problems: string[] = [];
  for (const el of container.querySelectorAll('*')) {
    if (!ALLOWED_ELEMENTS.has(el.tagName)) problems.push(`element ${el.tagName}`);
    for (const attr of el.attributes) {
      if (!ALLOWED_ATTRIBUTES.has(attr.name)) problems.push(`attribute ${attr.name} on ${el.tagName}`);
    }
    if (el.tagName === 'IMG' && !/^data:image\/(png|jpeg|webp);base64,/.test(el.getAttribute('src') ?? '')) problems.push(`img src ${el.getAttribute('src')}`);
  }
  return problems;
}

describe('KbMarkdownView', () => {
  it('renders the allowlisted Markdown as elements, table alignment as classes', async () => {
    const c = await render({
      markdown: '## 年费\n\n信用卡*年费* **100** 元，`代码`。\n\n> 提示\n\n3. 三\n4. 四\n\n---\n\n```js\nalert(1)\n```\n\n| 项目 | 费用 |\n|:-:|-:|\n| 年费 | 100 |',
    });
    expect(c.querySelector('h2')?.textContent).toBe('年费');
    expect(c.querySelector('em')?.textContent).toBe('年费');
    expect(c.querySelector('strong')?.textContent).toBe('100');
    expect(c.querySelector('blockquote')?.textContent).toBe('提示');
    expect(c.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(c.querySelector('hr')).not.toBeNull();
    expect(c.querySelector('pre code')?.textContent).toBe('alert(1)\n');
    expect([...c.querySelectorAll('th')].map((th) => th.className)).toEqual(['kb-md__align-center', 'kb-md__align-right']);
    expect(c.querySelector('[style]')).toBeNull();
    expect(inertViolations(c)).toEqual([]);
  });

  it('shows raw HTML as its literal text', async () => {
    const c = await render({ markdown: '<script>window.__pwned = 1</script>\n\n<img src=x onerror="alert(1)">' });
    expect(c.querySelector('script, img')).toBeNull();
    expect(c.textContent).toContain('<script>window.__pwned = 1</script>');
    expect(c.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it('opens kb: links through the callback and shows every other target as text', async () => {
    const onOpenArticle = vi.fn();
    const c = await render({ markdown: '[年费说明](kb:42) [银行](https://bank.example/x) [坏](javascript:alert(1))', onOpenArticle });
    expect(c.querySelector('a')).toBeNull();
    const button = c.querySelector('button');
    expect(button?.textContent).toBe('年费说明');
    act(() => button!.click());
    expect(onOpenArticle).toHaveBeenCalledWith(42);
    expect(c.textContent).toContain('银行 (link: https://bank.example/x)');
    expect(c.textContent).toContain('坏 (link: javascript:alert(1))');
  });

  it('renders a kb: link as text when the viewer gives no callback', async () => {
    const c = await render({ markdown: '[年费说明](kb:42)' });
    expect(c.querySelector('button')).toBeNull();
    expect(c.textContent).toBe('年费说明 (link: kb:42)');
  });

  it('loads kb-image: images through the loader as data: URLs and never loads other images', async () => {
    const loadImage = vi.fn(async (): Promise<KbImageBytes> => ({ mime: 'image/png', base64: PNG }));
    const c = await render({ markdown: `![流程图](kb-image:${IMAGE_ID}) ![外链](http://127.0.0.1:9/x.png) ![再来](kb-image:${IMAGE_ID})`, loadImage });
    expect(loadImage).toHaveBeenCalledTimes(1);
    expect(loadImage).toHaveBeenCalledWith(IMAGE_ID);
    const imgs = [...c.querySelectorAll('img')];
    expect(imgs).toHaveLength(2);
    expect(imgs[0]!.getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
    expect(imgs[0]!.getAttribute('alt')).toBe('流程图');
    expect(imgs[0]!.getAttribute('draggable')).toBe('false');
    expect(c.textContent).toContain('[External image not loaded: 外链 (http://127.0.0.1:9/x.png)]');
  });

  it('shows the alt text when an image cannot be loaded or is of a type it does not show', async () => {
    const c = await render({ markdown: `![失败](kb-image:${IMAGE_ID})`, loadImage: () => Promise.reject(new Error('kb_not_found')) });
    expect(c.querySelector('img')).toBeNull();
    expect(c.textContent).toBe('[Image cannot be shown: 失败]');
    expect(imageDataUrl({ mime: 'image/svg+xml', base64: PNG })).toBeNull();
    expect(imageDataUrl({ mime: 'image/png', base64: 'a"b' })).toBeNull();
  });

  it('marks changed blocks and keys every block as markdownBlocks does', async () => {
    const markdown = '第一段\n\n第二段';
    const keys = markdownBlocks(markdown).map((b) => b.key);
    const c = await render({ markdown, changedBlocks: new Set([keys[1]!]) });
    const blocks = [...c.querySelectorAll('[data-block-key]')];
    expect(blocks.map((b) => b.getAttribute('data-block-key'))).toEqual(keys);
    expect(blocks.map((b) => b.classList.contains('kb-md__block--changed'))).toEqual([false, true]);
  });

  it('says so when an article is nested too deeply', async () => {
    const c = await render({ markdown: '>'.repeat(100) + ' x' });
    expect(c.querySelector('[role="note"]')?.textContent).toBe(t('kb.markdown.limited.too-deep'));
  });

  it('never renders script, href, style, event attributes or a non-data image, whatever the Markdown', async () => {
    const loadImage = async (): Promise<KbImageBytes> => ({ mime: 'image/png', base64: PNG });
    const piece = fc.oneof(
      fc.constantFrom(
        '<script>', '</script>', '<img src=x onerror=alert(1)>', '<a href="http://x">', '<svg onload=alert(1)>', '<style>', '<iframe src=x>',
        '[a](', '](', ')', '![', 'javascript:alert(1)', '[x](javascript:alert(1))', '![x](http://127.0.0.1/x.png "t")', '[x](kb:7)',
        '<http://127.0.0.1/a>', '<mailto:a@b.c>', '[r]: http://127.0.0.1/ref\n', '[r]', '![r]', 'http://127.0.0.1/x.png', 'data:text/html,<b>', 'kb:7', `kb-image:${IMAGE_ID}`,
        '"', "'", ' onclick=', 'style="background:url(http://x)"', '&lt;', '&#x3C;', '*', '**', '_', '`', '```', '~~', '|', '-', ':', '>', '#', '1.',
        '    ', ' ', '\n', '\n\n', '\\',
      ),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (pieces) => {
        const c = await render({ markdown: pieces.join(''), loadImage, onOpenArticle: () => undefined });
        expect(inertViolations(c)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
