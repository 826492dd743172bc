import type { Page } from '@playwright/test';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import type { ElementLike, PageLike } from '../fixtures/dom-like.ts';
import { expect, test } from '../fixtures/lab.ts';

/**
 * The workspace uses the screen it gets: on a 1366 × 768 laptop and a 1920 × 1080 monitor,
 * in both languages, the overview grid has no empty (phantom) column, every card has
 * content, and nothing scrolls or spills sideways.
 */
interface GridReport {
  tracks: number;
  /** `row R, column C` for every grid cell no card covers: a phantom column shows up here. */
  holes: string[];
  emptyCards: string[];
  cardsOutside: string[];
  overflowing: string[];
}

/** Measures the laid-out page; runs in the browser. */
function measure(page: Page): Promise<GridReport> {
  return page.evaluate(() => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as PageLike;
    const grid = document.querySelector('.overview__grid');
    if (!grid) throw new Error('no overview grid');
    const style = getComputedStyle(grid);
    const widths = style.gridTemplateColumns.split(' ').map((w) => parseFloat(w));
    const gap = parseFloat(style.columnGap) || 0;
    const cards = Array.from(grid.children, (el) => ({ el, rect: el.getBoundingClientRect() }));
    let x = grid.getBoundingClientRect().left;
    const tracks = widths.map((w) => {
      const track = { from: x, to: x + w };
      x += w + gap;
      return track;
    });
    // Rows of cards by their top edge; in each row, every column must be covered by a card.
    const rows = [...new Set(cards.map(({ rect }) => Math.round(rect.top)))].sort((a, b) => a - b);
    const holes: string[] = [];
    rows.forEach((top, r) => {
      const inRow = cards.filter(({ rect }) => Math.round(rect.top) === top);
      tracks.forEach(({ from, to }, c) => {
        if (!inRow.some(({ rect }) => rect.left < to - 1 && rect.right > from + 1)) holes.push(`row ${r + 1}, column ${c + 1}`);
      });
    });
    const name = (el: ElementLike) => el.querySelector('h2')?.textContent ?? el.className;
    const emptyCards = cards.filter(({ el, rect }) => rect.width < 50 || rect.height < 50 || (el.textContent ?? '').trim().length < 2).map(({ el }) => name(el));
    const cardsOutside = cards.filter(({ rect }) => rect.left < 0 || rect.right > innerWidth).map(({ el }) => name(el));
    const boxes: [string, ElementLike | null][] = [
      ['document', document.documentElement],
      ['body', document.body],
      ['header', document.querySelector('.workspace-header')],
      ['content', document.querySelector('.workspace__content')],
      ['status bar', document.querySelector('.status-bar')],
      ...cards.map(({ el }) => [`card ${name(el)}`, el] as [string, ElementLike]),
    ];
    const overflowing = boxes.filter(([, el]) => el !== null && el.scrollWidth > el.clientWidth + 1).map(([label]) => label);
    return { tracks: widths.length, holes, emptyCards, cardsOutside, overflowing };
  });
}

const sizes = [
  { width: 1366, height: 768, columns: 2 },
  { width: 1920, height: 1080, columns: 4 },
] as const;

for (const size of sizes) {
  for (const language of ['zh-CN', 'en-US'] as const) {
    test.describe(`${size.width}×${size.height} ${language}`, () => {
      test.use({ viewport: { width: size.width, height: size.height } });

      test('no phantom column, no empty card, no sideways overflow', async ({ page, lab }) => {
        await openAndLogin(page, lab.deskUrl, AGENT);
        if (language === 'en-US') await page.getByTestId('language-switch').selectOption('en-US');
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect(page.locator('.overview__grid > .card')).toHaveCount(4);

        const report = await measure(page);
        expect(report.holes).toEqual([]);
        expect(report.tracks).toBe(size.columns);
        expect(report.emptyCards).toEqual([]);
        expect(report.cardsOutside).toEqual([]);
        expect(report.overflowing).toEqual([]);
        // The grid spans the content area: the width is used, not left to a phantom column.
        const used = await page.evaluate(() => {
          const { document } = globalThis as unknown as PageLike;
          const content = document.querySelector('.workspace__content')?.getBoundingClientRect();
          const cards = Array.from(document.querySelectorAll('.overview__grid > .card'), (c) => c.getBoundingClientRect());
          const right = Math.max(...cards.map((r) => r.right));
          const left = Math.min(...cards.map((r) => r.left));
          return content ? (right - left) / content.width : 0;
        });
        expect(used).toBeGreaterThan(0.9);
      });
    });
  }
}
