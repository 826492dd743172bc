/**
 * The knowledge base's tokenization, done here in TypeScript so SQLite's FTS5 only has to
 * split on spaces (its `ascii` tokenizer: predictable for every code point).
 *
 * - A run of Han characters becomes its overlapping bigrams plus its last character alone
 *   (信用卡 → 信用 用卡 卡). Any two-character word is then one token, any longer substring a
 *   phrase of consecutive bigrams, and a single character is the prefix query `卡*` (it is
 *   the first character of a bigram or the run's tail). The tail token also separates runs,
 *   so a phrase never matches across a break.
 * - Everything else that is a letter or digit forms words, lowercased (NFKC first).
 *
 * The trigram tokenizer cannot match terms shorter than three characters (measured in
 * issue #8); this index can, at about two tokens per Han character.
 */

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

export type Segment = { kind: 'han' | 'word'; text: string };

/** One code point, normalised the way both the index and the query see it. */
export function normalizeChar(char: string): string {
  return char.normalize('NFKC').toLowerCase();
}

/** Splits normalised text into Han runs and words (everything else separates). */
export function segmentsOf(text: string): Segment[] {
  const out: Segment[] = [];
  let current: Segment | null = null;
  for (const raw of text) {
    for (const char of normalizeChar(raw)) {
      const kind = HAN.test(char) ? 'han' : WORD.test(char) ? 'word' : null;
      if (kind === null) {
        current = null;
        continue;
      }
      if (current === null || current.kind !== kind) {
        current = { kind, text: '' };
        out.push(current);
      }
      current.text += char;
    }
  }
  return out;
}

function hanTokens(run: string): string[] {
  const chars = [...run];
  const tokens: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) tokens.push(`${chars[i]}${chars[i + 1]}`);
  tokens.push(chars[chars.length - 1] ?? '');
  return tokens;
}

/** The space-separated tokens stored in the FTS5 column for `text`. */
export function indexTokens(text: string): string {
  const tokens: string[] = [];
  for (const segment of segmentsOf(text)) {
    if (segment.kind === 'han') tokens.push(...hanTokens(segment.text));
    else tokens.push(segment.text);
  }
  return tokens.join(' ');
}

/** One query term: what the hit text must contain, and its FTS5 expression. */
export interface QueryTerm {
  /** Normalised text every hit contains (title or body). */
  text: string;
  fts: string;
}

/**
 * Query terms for FTS5 MATCH. Each token is double-quoted and holds only letters and
 * digits, so no query can inject FTS5 syntax. The last word is a prefix (search as you type).
 */
export function queryTerms(query: string): QueryTerm[] {
  const segments = segmentsOf(query);
  return segments.map((segment, index) => {
    const isLast = index === segments.length - 1;
    if (segment.kind === 'word') return { text: segment.text, fts: isLast ? `"${segment.text}"*` : `"${segment.text}"` };
    const chars = [...segment.text];
    if (chars.length === 1) return { text: segment.text, fts: `"${segment.text}"*` };
    const bigrams = chars.slice(0, -1).map((c, i) => `${c}${chars[i + 1] ?? ''}`);
    return { text: segment.text, fts: `"${bigrams.join(' ')}"` };
  });
}
