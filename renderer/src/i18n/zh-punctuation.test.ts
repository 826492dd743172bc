import { describe, expect, it } from 'vitest';
import { dictionaries } from './translate.ts';

/**
 * The zh-CN convention (GB/T 15834): Chinese text takes full-width punctuation — ：（），
 * — and never the half-width `:` `(` `)` `,` that crept in next to Chinese words. Latin-only
 * runs inside a message (`Ctrl+Alt+L`, `{id}`) may keep their own punctuation.
 */
const HAN = '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]';
// A half-width mark with a Chinese character (or a placeholder right after a Chinese word) beside it.
const MIXED = new RegExp(`${HAN}\\s*[:(),]|[:(),]\\s*${HAN}|${HAN}\\s*\\{\\w+\\}\\s*[:(),]`, 'u');

function halfWidthNextToChinese(text: string): boolean {
  return MIXED.test(text);
}

describe('zh-CN punctuation', () => {
  it('finds the mixes it is meant to find', () => {
    for (const bad of ['工号: {id}', '机构连接:{state}', '锁定屏幕(Ctrl+Alt+L)', '请输入密码,然后解锁', '姓名 (必填)', '{name}({id})坐席']) {
      expect(halfWidthNextToChinese(bad), bad).toBe(true);
    }
    for (const good of ['工号：{id}', '锁定屏幕（Ctrl+Alt+L）', '{name}（{id}）', '版本 {app} · Electron {electron}', 'Ctrl+Alt+L']) {
      expect(halfWidthNextToChinese(good), good).toBe(false);
    }
  });

  it('has no half-width : ( ) , next to Chinese text in any zh-CN message', () => {
    const offenders = Object.entries(dictionaries['zh-CN']).filter(([, text]) => halfWidthNextToChinese(text));
    expect(offenders).toEqual([]);
  });
});
