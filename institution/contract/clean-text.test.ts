import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCleanLabelText, isCleanName, NameText } from './clean-text.ts';

/** Every character a name must not hide (clean-text.ts), as code points. */
const HIDDEN: readonly number[] = [
  ...range(0x00, 0x1f),
  ...range(0x7f, 0x9f),
  0xad,
  0x34f,
  0x61c,
  0x115f,
  0x1160,
  0x17b4,
  0x17b5,
  ...range(0x180b, 0x180f),
  ...range(0x200b, 0x200f),
  ...range(0x202a, 0x202e),
  ...range(0x2060, 0x2064),
  ...range(0x2066, 0x2069),
  0x3164,
  0xfeff,
  0xffa0,
  ...range(0xfff9, 0xfffb),
  0xfffe,
  0xffff,
  ...range(0xe0000, 0xe007f),
];
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** What real names are made of: CJK ideographs, Latin letters with accents, digits, spaces, name punctuation. */
const nameChar = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéèüöçñÅØ0123456789'),
  fc.constantFrom(' ', '·', '-', '’', "'", '.', '（', '）', '(', ')', '、', '　'),
  // Astral CJK (Extension B), as in rare surnames: well-formed surrogate pairs are fine.
  fc.integer({ min: 0x20000, max: 0x2a6df }).map((c) => String.fromCodePoint(c)),
);
const legitName = fc.array(nameChar, { minLength: 1, maxLength: 40 }).map((cs) => cs.join(''));
const hidden = fc.constantFrom(...HIDDEN).map((c) => String.fromCodePoint(c));

describe('clean names (bidi, invisible and control characters)', () => {
  it('accepts the Chinese and English names people really have', () => {
    for (const name of ['陈静', '欧阳娜娜', '王小明', '𠮷野家', 'Mary-Jane O’Neil', 'José Núñez', '信用卡客服一组', 'Team 3 (night)', '李·安']) {
      expect(isCleanName(name), name).toBe(true);
      expect(isCleanLabelText(name), name).toBe(true);
    }
    fc.assert(fc.property(legitName, (name) => isCleanName(name) && isCleanLabelText(name)));
  });

  it('refuses a name with any hidden character at any place', () => {
    fc.assert(
      fc.property(legitName, hidden, fc.nat(), (name, bad, at) => {
        const chars = [...name];
        const i = at % (chars.length + 1);
        const disguised = [...chars.slice(0, i), bad, ...chars.slice(i)].join('');
        expect(isCleanName(disguised)).toBe(false);
        expect(NameText(200).safeParse(disguised).success).toBe(false);
      }),
    );
  });

  it('longer texts may break lines and hold tabs, but hide nothing else', () => {
    expect(isCleanLabelText('第一行\n第二行\r\n\t缩进')).toBe(true);
    expect(isCleanName('第一行\n第二行')).toBe(false);
    fc.assert(
      fc.property(legitName, hidden.filter((c) => !['\t', '\n', '\r'].includes(c)), (name, bad) => !isCleanLabelText(`${name}${bad}`) && !isCleanLabelText(`${bad}${name}`)),
    );
  });

  it('refuses lone surrogates, and the classic disguise U+202E', () => {
    expect(isCleanName('陈\ud800静')).toBe(false);
    expect(isCleanName('陈\udc00静')).toBe(false);
    expect(isCleanName('陈静\u202Egpj.exe')).toBe(false);
  });

  it('trims a clean name, but refuses (never silently trims away) a hidden character at either end', () => {
    expect(NameText(80).parse('  陈静 ')).toBe('陈静');
    for (const bad of ['陈静\ufeff', '\ufeff陈静', '陈静\n', '\u200b陈静']) expect(NameText(80).safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(NameText(80).safeParse('   ').success).toBe(false);
  });
});
