import { describe, expect, it } from 'vitest';
import { markdownBlocks } from '../markdown/blocks.ts';
import { articleChanges } from './article-changes.ts';

describe('what a new version changed', () => {
  it('marks added and edited blocks, keeps unchanged ones, and lists removed ones as text', () => {
    const before = '# 年费\n\n普卡首年免年费。\n\n金卡年费 300 元。\n\n白金卡年费 2000 元。';
    const after = '# 年费\n\n普卡首年免年费。\n\n金卡年费 200 元。\n\n钻石卡免年费。';
    const changes = articleChanges(before, after);
    const blocks = markdownBlocks(after);
    const marked = blocks.filter((b) => changes.changed.has(b.key)).map((b) => b.source.trim());
    expect(marked).toEqual(['金卡年费 200 元。', '钻石卡免年费。']);
    expect(changes.removed).toEqual(['金卡年费 300 元。', '白金卡年费 2000 元。']);
  });

  it('reports nothing when only the version number changed', () => {
    const body = '账单分期可选 3、6、12、24 期。\n\n- 手续费率 0.6%\n- 提前还款收违约金';
    expect(articleChanges(body, body)).toEqual({ changed: new Set(), removed: [] });
  });
});
