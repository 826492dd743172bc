import { markdownTree, type MdNode, type MdTree } from './md-tree.ts';

/**
 * Top-level blocks of an article with keys that depend only on the block's own Markdown
 * source: an unchanged paragraph keeps its key across versions wherever it moves, so the
 * viewer marks as changed exactly the blocks whose key the previous version did not have.
 * Equal blocks are told apart by their occurrence number (`…-0`, `…-1`).
 */
export interface MarkdownBlock {
  readonly key: string;
  /** The block's Markdown source (what the key is computed from). */
  readonly source: string;
}

export interface KeyedTree {
  readonly blocks: readonly (MarkdownBlock & { readonly node: MdNode })[];
  readonly limited: MdTree['limited'];
}

/** FNV-1a over UTF-16 code units: a short, stable, non-cryptographic fingerprint. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

export function keyedTree(markdown: string): KeyedTree {
  const tree = markdownTree(markdown);
  const seen = new Map<string, number>();
  const blocks = tree.blocks.map(({ node, source }) => {
    const base = `b${fingerprint(`${node.type}\u0000${source}`)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { key: `${base}-${n}`, source, node };
  });
  return { blocks, limited: tree.limited };
}

/** The article's blocks and their stable keys (pure; the same keys KbMarkdown renders as data-block-key). */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  return keyedTree(markdown).blocks.map(({ key, source }) => ({ key, source }));
}

/** Keys of `next` that `previous` did not have: the blocks to mark as changed. */
export function changedBlockKeys(previous: string, next: string): Set<string> {
  const before = new Set(markdownBlocks(previous).map((b) => b.key));
  return new Set(markdownBlocks(next).map((b) => b.key).filter((key) => !before.has(key)));
}
