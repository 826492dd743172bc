import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_DEPTH, MAX_MARKDOWN_CHARS, MAX_NODES, markdownTree, type MdNode } from './md-tree.ts';
import { changedBlockKeys, markdownBlocks } from './blocks.ts';
import { imageTarget, linkTarget, shownTarget, SHOWN_TARGET_CHARS } from './targets.ts';

function types(node: MdNode): string[] {
  return [node.type, ...node.children.flatMap(types)];
}

function depthOf(node: MdNode): number {
  return 1 + Math.max(0, ...node.children.map(depthOf));
}

describe('markdownTree', () => {
  it('parses the allowlisted constructs into typed nodes', () => {
    const tree = markdownTree(
      '# 标题\n\n段落 *强调* **加粗** `代码` ~~删除~~  \n换行\n\n> 引用\n\n1. 一\n2. 二\n\n- a\n\n---\n\n```\ncode\n```\n\n| 左 | 中 | 右 |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n\n[文章](kb:12) ![图](kb-image:AAAAAAAAAAAAAAAAAAAAAA)',
    );
    expect(tree.limited).toBeNull();
    expect(tree.blocks.map((b) => b.node.type)).toEqual(['heading', 'paragraph', 'blockquote', 'ordered_list', 'bullet_list', 'hr', 'fence', 'table', 'paragraph']);
    const all = tree.blocks.flatMap((b) => types(b.node));
    for (const t of ['em', 'strong', 'code_inline', 's', 'hardbreak', 'th', 'td', 'link', 'image']) expect(all).toContain(t);
    const cells = tree.blocks[7]!.node.children[0]!.children[0]!.children;
    expect(cells.map((c) => c.attrs.style)).toEqual(['text-align:left', 'text-align:center', 'text-align:right']);
  });

  it('keeps raw HTML as text (markdown-it html: false)', () => {
    const tree = markdownTree('<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> y');
    const all = tree.blocks.flatMap((b) => types(b.node));
    expect(all).not.toContain('html_block');
    expect(all).not.toContain('html_inline');
    expect(tree.blocks[0]!.node.children[0]!.text).toBe('<script>alert(1)</script>');
  });

  it('keeps every link and image target as written (classification is the renderer’s)', () => {
    const tree = markdownTree('[x](javascript:alert(1)) ![y](data:image/svg+xml,<svg>)');
    const [link, , image] = tree.blocks[0]!.node.children;
    expect(link!.attrs.href).toBe('javascript:alert(1)');
    expect(image!.attrs.src).toBe('data:image/svg+xml,<svg>');
    expect(image!.text).toBe('y');
  });

  it('flattens nesting deeper than MAX_DEPTH, keeps the text and says so', () => {
    for (const markdown of ['>'.repeat(200) + ' 最深处', Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- 最深处`).join('\n')]) {
      const tree = markdownTree(markdown);
      expect(tree.limited).toBe('too-deep');
      expect(Math.max(...tree.blocks.map((b) => depthOf(b.node)))).toBeLessThanOrEqual(MAX_DEPTH + 1);
    }
    // Within markdown-it's own nesting cap the deepest text survives, flattened.
    expect(markdownTree('>'.repeat(MAX_DEPTH + 8) + ' 最深处').blocks.flatMap((b) => types(b.node))).toContain('text');
  });

  it('stops after MAX_NODES and says so', () => {
    const tree = markdownTree('x\n\n'.repeat(MAX_NODES));
    expect(tree.limited).toBe('too-many-nodes');
    expect(tree.blocks.length).toBeLessThanOrEqual(MAX_NODES);
  });

  it('renders only the first MAX_MARKDOWN_CHARS characters and says so', () => {
    const tree = markdownTree('a'.repeat(MAX_MARKDOWN_CHARS + 10));
    expect(tree.limited).toBe('too-long');
    expect(tree.blocks[0]!.node.children[0]!.text).toHaveLength(MAX_MARKDOWN_CHARS);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        markdownTree(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('targets', () => {
  it('accepts kb:<article id> links only in their exact form', () => {
    expect(linkTarget('kb:12')).toEqual({ kind: 'article', articleId: 12 });
    expect(linkTarget(' kb:2147483647 ')).toEqual({ kind: 'article', articleId: 2_147_483_647 });
    for (const href of ['kb:0', 'kb:2147483648', 'kb:12x', 'KB:12', 'kb:/12', 'javascript:alert(1)', 'https://bank.example/', 'mailto:a@b', '']) {
      expect(linkTarget(href)).toEqual({ kind: 'inert', target: href });
    }
  });

  it('accepts kb-image:<22-character id> images only', () => {
    expect(imageTarget('kb-image:AAAAAAAAAAAAAAAAAAAAA_')).toEqual({ kind: 'kb-image', imageId: 'AAAAAAAAAAAAAAAAAAAAA_' });
    for (const src of ['kb-image:short', 'kb-image:AAAAAAAAAAAAAAAAAAAAAA/x', 'http://127.0.0.1/x.png', 'data:image/png;base64,AAAA', '//x', 'x.png']) {
      expect(imageTarget(src)).toEqual({ kind: 'blocked', target: src });
    }
  });

  it('cuts long targets for display', () => {
    expect(shownTarget(`data:${'A'.repeat(10_000)}`)).toHaveLength(SHOWN_TARGET_CHARS + 1);
    expect(shownTarget(' a\n b ')).toBe('a b');
  });
});

describe('markdownBlocks', () => {
  it('gives each top-level block a key from its own source, stable when other blocks change', () => {
    const v1 = '# 挂失\n\n第一段\n\n第二段';
    const v2 = '# 挂失\n\n第一段（已修订）\n\n第二段\n\n第三段';
    const [h1, p1, p2] = markdownBlocks(v1);
    const next = markdownBlocks(v2);
    expect(next[0]!.key).toBe(h1!.key);
    expect(next[2]!.key).toBe(p2!.key);
    expect(next[1]!.key).not.toBe(p1!.key);
    expect(changedBlockKeys(v1, v2)).toEqual(new Set([next[1]!.key, next[3]!.key]));
    expect(changedBlockKeys(v1, v1).size).toBe(0);
  });

  it('tells equal blocks apart by occurrence', () => {
    const keys = markdownBlocks('同\n\n异\n\n同').map((b) => b.key);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]!.replace(/-\d+$/, '')).toBe(keys[2]!.replace(/-\d+$/, ''));
  });
});
