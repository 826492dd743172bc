import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hitRanges, perCharacterNormalized, snippet, snippetText } from './kb-snippets.ts';

/** The per-character mapping (exported beside the fast path): the reference the fast path must equal. */
const referenceRanges = (text: string, terms: readonly string[]): [number, number][] => hitRanges(text, terms, perCharacterNormalized);

/** Characters that stress normalisation: fullwidth, ligatures, ellipsis, combining marks, astral, Han, ASCII. */
const piece = fc.constantFrom('挂失', '分期', '信用卡', 'Ａ', 'ａ', 'ﬁ', '…', 'e\u0301', 'é', '\u0301', '😀', '〸', '，', '。', 'FEE', 'fee', ' ', '\n', 'Ⅻ', 'ß', 'İ', '\u3000', '①');

describe('snippet highlighting', () => {
  it('marks the same ranges of the original text as the per-character reference, whatever the characters', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.constantFrom('挂失', '分期', 'fee', 'a', 'fi', '...', 'é', '十'), (parts, term) => {
        const text = parts.join('');
        expect(hitRanges(text, [term])).toEqual(referenceRanges(text, [term]));
      }),
      { numRuns: 500 },
    );
  });

  it('highlights 分期 inside 信用卡分期还款 and a fullwidth ＦＥＥ as fee, never cutting a surrogate pair', () => {
    const marked = (segments: { text: string; hit: boolean }[]) => segments.filter((s) => s.hit).map((s) => s.text);
    expect(marked(snippet('申请信用卡分期还款须在到期日前。', ['分期']))).toEqual(['分期']);
    expect(marked(snippet('年费 ＦＥＥ 说明', ['fee']))).toEqual(['ＦＥＥ']);
    const text = `${'😀'.repeat(100)}挂失`;
    for (const segment of snippet(text, ['挂失'])) expect(/[\ud800-\udbff]$|^[\udc00-\udfff]/.test(segment.text)).toBe(false);
  });

  it('shows the Markdown body as read: no heading, list or table marks, cells joined by " · ", links by their text', () => {
    const body = '# 普卡年费\n\n普卡年费 **100 元**。\n\n| 卡种 | 年费 |\n|---|:---:|\n| 普卡 | 100 |\n\n- 详见[减免政策](kb:12)\n1. 带 `身份证`';
    const text = snippet(body, ['年费'], 500).map((s) => s.text).join('');
    expect(text).toBe('普卡年费 普卡年费 100 元。 卡种 · 年费 普卡 · 100 详见减免政策 带 身份证');
    expect(snippetText('> 注意')).toBe('注意');
  });
});
