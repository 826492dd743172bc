import { changedBlockKeys, markdownBlocks } from '../markdown/blocks.ts';

/**
 * What changed between the version on screen and the one an author just published, block
 * by block (paragraphs, lists, tables, headings — the Markdown renderer's top-level blocks,
 * keyed by their own source): the new blocks to mark, and the old blocks that are gone, as
 * plain text for a note (never rendered as Markdown: they are shown as removed text).
 */
export interface ArticleChanges {
  /** Keys (data-block-key) of blocks the previous version did not have. */
  changed: ReadonlySet<string>;
  /** Sources of the previous version's blocks the new one no longer has, in order. */
  removed: readonly string[];
}

export const NO_CHANGES: ArticleChanges = { changed: new Set(), removed: [] };

export function articleChanges(previous: string, next: string): ArticleChanges {
  const changed = changedBlockKeys(previous, next);
  const kept = new Set(markdownBlocks(next).map((b) => b.key));
  const removed = markdownBlocks(previous)
    .filter((b) => !kept.has(b.key))
    .map((b) => b.source.trim())
    .filter((s) => s !== '');
  return { changed, removed };
}
