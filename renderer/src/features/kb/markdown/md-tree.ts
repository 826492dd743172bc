import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/**
 * Article Markdown → a plain data tree, never HTML. markdown-it (CommonMark + GFM tables and
 * strikethrough) tokenizes with raw HTML off, so `<script>` and friends arrive as ordinary
 * text; its renderer is never called. The tree keeps each token's type; what may become an
 * element is decided by the allowlist in KbMarkdown.tsx, everything else shows as text.
 */

/** One node of the tree: a container (children) or a leaf (text). */
export interface MdNode {
  /** markdown-it's token type without `_open` (`paragraph`, `heading`, `table`, `text`, `image`, …). */
  readonly type: string;
  /** markdown-it's tag (`h2`, `ol`, `th`, …): only read for headings. */
  readonly tag: string;
  /** Text of a leaf (text, code, fence) or an image's alt text. */
  readonly text: string;
  /** The few attributes the renderer reads: href, src, start, style (table alignment only). */
  readonly attrs: Readonly<Record<string, string>>;
  /** A paragraph inside a tight list item (rendered without <p>). */
  readonly hidden: boolean;
  readonly children: MdNode[];
}

/** A top-level block, with the source lines it came from (for stable block keys). */
export interface MdTopBlock {
  readonly node: MdNode;
  readonly source: string;
}

export interface MdTree {
  readonly blocks: MdTopBlock[];
  /** Why part of the article is not shown as written: too long, too many nodes, nested too deep. */
  readonly limited: null | 'too-long' | 'too-many-nodes' | 'too-deep';
}

/** Characters of Markdown rendered at most (the institution accepts 100,000; room for growth). */
export const MAX_MARKDOWN_CHARS = 200_000;
/** Tree nodes built at most; the rest of the article is cut off with a message. */
export const MAX_NODES = 50_000;
/** Nesting kept as structure; deeper containers are flattened into their parent (text kept). */
export const MAX_DEPTH = 24;
/** markdown-it's own nesting cap (it silently stops at this level); above MAX_DEPTH so we notice first. */
const PARSER_MAX_NESTING = 40;

const READ_ATTRS = new Set(['href', 'src', 'start', 'style']);

const parser = new MarkdownIt('default', {
  html: false,
  linkify: false,
  typographer: false,
  maxNesting: PARSER_MAX_NESTING,
});
// Every link and image target is kept as written and classified by the renderer (links.ts):
// nothing is dropped silently and nothing is percent-encoded into something else.
parser.validateLink = () => true;
parser.normalizeLink = (url: string) => url;
parser.normalizeLinkText = (url: string) => url;

function attrsOf(token: Token): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of token.attrs ?? []) if (READ_ATTRS.has(name)) out[name] = String(value);
  return out;
}

function newNode(token: Token, type: string, text: string): MdNode {
  return { type, tag: token.tag, text, attrs: attrsOf(token), hidden: token.hidden, children: [] };
}

function textOf(tokens: readonly Token[] | null): string {
  let out = '';
  for (const t of tokens ?? []) out += t.type === 'softbreak' || t.type === 'hardbreak' ? ' ' : t.content + textOf(t.children);
  return out;
}

class Builder {
  count = 0;
  limited: MdTree['limited'] = null;
  private readonly stack: { node: MdNode; real: boolean }[];

  constructor(root: MdNode) {
    this.stack = [{ node: root, real: true }];
  }

  private get top(): MdNode {
    return this.stack[this.stack.length - 1]!.node;
  }

  private depth(): number {
    let d = 0;
    for (const s of this.stack) if (s.real) d += 1;
    return d;
  }

  /** Adds tokens; false once the node budget is spent. */
  add(tokens: readonly Token[]): boolean {
    for (const token of tokens) {
      if (this.count >= MAX_NODES) {
        this.limited = 'too-many-nodes';
        return false;
      }
      if (token.nesting === 1) {
        const type = token.type.replace(/_open$/, '');
        if (this.depth() > MAX_DEPTH) {
          // Too deep: keep the content, drop the structure (a transparent frame).
          this.limited ??= 'too-deep';
          this.stack.push({ node: this.top, real: false });
        } else {
          const node = newNode(token, type, '');
          this.top.children.push(node);
          this.count += 1;
          this.stack.push({ node, real: true });
        }
      } else if (token.nesting === -1) {
        if (this.stack.length > 1) this.stack.pop();
      } else if (token.type === 'inline') {
        if (!this.add(token.children ?? [])) return false;
      } else {
        const text = token.type === 'image' ? textOf(token.children) : token.content;
        this.top.children.push(newNode(token, token.type, text));
        this.count += 1;
      }
    }
    return true;
  }
}

/** Parses an article's Markdown into top-level blocks (bounded in size and depth). */
export function markdownTree(markdown: string): MdTree {
  const tooLong = markdown.length > MAX_MARKDOWN_CHARS;
  const text = tooLong ? markdown.slice(0, MAX_MARKDOWN_CHARS) : markdown;
  const tokens = parser.parse(text, {});
  const lines = text.split('\n');
  const root: MdNode = { type: 'root', tag: '', text: '', attrs: {}, hidden: false, children: [] };
  const builder = new Builder(root);
  const blocks: MdTopBlock[] = [];
  let parserCapped = false;
  let start = 0;
  while (start < tokens.length) {
    // One top-level block: from a level-0 token to the matching close (or the leaf itself).
    let end = start;
    if (tokens[start]!.nesting === 1) {
      while (end < tokens.length - 1 && !(tokens[end]!.level === 0 && tokens[end]!.nesting === -1)) end += 1;
    }
    for (let i = start; i <= end; i += 1) if (tokens[i]!.level >= PARSER_MAX_NESTING - 1) parserCapped = true;
    const before = root.children.length;
    const complete = builder.add(tokens.slice(start, end + 1));
    const map = tokens[start]!.map;
    for (const node of root.children.slice(before)) {
      blocks.push({ node, source: map ? lines.slice(map[0], map[1]).join('\n') : textOf([tokens[start]!]) });
    }
    if (!complete) break;
    start = end + 1;
  }
  const limited = tooLong ? 'too-long' : (builder.limited ?? (parserCapped ? 'too-deep' : null));
  return { blocks, limited };
}
