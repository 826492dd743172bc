import type { KbTextSegment } from '../../contract/kb-api.ts';
import { normalizeChar } from './bigram-index.ts';

/**
 * Highlighting in TypeScript from the stored text: segments of the ORIGINAL text marked
 * `hit` where a query term occurs (compared after the same normalisation as the index).
 * Returned as data, never HTML.
 */

/**
 * Characters that never compose or reorder with a neighbour under NFKC (no combining marks
 * among them): Latin-1, general punctuation, arrows and symbols, CJK punctuation, the CJK
 * ideographs and the fullwidth ASCII forms. Normalising a text made only of these can only
 * expand characters (… → ...), so when the length is unchanged it maps index for index.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const NO_COMPOSITION = /^[\u0000-\u00ff\u2000-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u303f\u4e00-\u9fff\uff01-\uff5e]*$/;

/** A text normalised as the index sees it, with each normalised unit's index into the original. */
export type Normalized = { norm: string; originAt: (index: number) => number };

/** The text normalised, with each normalised unit's index into the original. */
function normalizedWithMap(text: string): Normalized {
  if (NO_COMPOSITION.test(text)) {
    const norm = text.normalize('NFKC').toLowerCase();
    // Index for index, so no map is built (it was most of the cost of a page of hits).
    if (norm.length === text.length) return { norm, originAt: (index) => Math.min(index, text.length) };
  }
  return perCharacterNormalized(text);
}

/** Character by character with a full map: always right, and the reference the fast path above must equal (kb-snippets.test.ts). */
export function perCharacterNormalized(text: string): Normalized {
  let norm = '';
  const origin: number[] = [];
  let offset = 0;
  for (const raw of text) {
    const mapped = normalizeChar(raw);
    for (let i = 0; i < mapped.length; i += 1) origin.push(offset);
    norm += mapped;
    offset += raw.length;
  }
  origin.push(text.length);
  return { norm, originAt: (index) => origin[index] ?? text.length };
}

/** Ranges [start, end) of the original text where any term occurs, merged. */
export function hitRanges(text: string, terms: readonly string[], normalize: (text: string) => Normalized = normalizedWithMap): [number, number][] {
  const { norm, originAt } = normalize(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    if (term.length === 0) continue;
    for (let at = norm.indexOf(term); at !== -1; at = norm.indexOf(term, at + term.length)) {
      const start = originAt(at);
      ranges.push([start, Math.max(originAt(at + term.length), start + 1)]);
      if (ranges.length > 500) break;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Segments of `text` between `from` and `to`, with hits marked. */
function segmentsIn(text: string, ranges: readonly [number, number][], from: number, to: number): KbTextSegment[] {
  const out: KbTextSegment[] = [];
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    const s = Math.max(start, from);
    if (s > at) out.push({ text: text.slice(at, s), hit: false });
    out.push({ text: text.slice(s, Math.min(end, to)), hit: true });
    at = Math.min(end, to);
  }
  if (at < to) out.push({ text: text.slice(at, to), hit: false });
  return out;
}

/** The whole (short) text as segments: for titles. */
export function highlightAll(text: string, terms: readonly string[]): KbTextSegment[] {
  return segmentsIn(text, hitRanges(text, terms), 0, text.length);
}

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const BLOCK_MARK = /^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)/;

/**
 * The Markdown body as the agent reads it, for a result's snippet: no heading, quote or list
 * markers, no table rules, cells separated by " · ", links and images by their text, no
 * emphasis or code marks. A snippet of "# 普卡年费 | 卡种 | --- |" tells the agent nothing.
 */
export function snippetText(markdown: string): string {
  const lines: string[] = [];
  for (const line of markdown.split('\n')) {
    if (TABLE_RULE.test(line)) continue;
    let plain = line.replace(BLOCK_MARK, '');
    if (/^\s*\|/.test(plain)) {
      plain = plain
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .join(' · ');
    }
    plain = plain
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*|__|`/g, '');
    lines.push(plain);
  }
  return lines.join(' ');
}

/** A window of about `width` characters around the first hit (the start when none): for bodies. */
export function snippet(text: string, terms: readonly string[], width = 120): KbTextSegment[] {
  const flat = snippetText(text).replace(/\s+/g, ' ').trim();
  const ranges = hitRanges(flat, terms);
  const first = ranges[0]?.[0] ?? 0;
  let from = Math.max(0, first - Math.floor(width / 3));
  // Never cut a surrogate pair in half.
  if (from > 0 && /[\uDC00-\uDFFF]/.test(flat[from] ?? '')) from -= 1;
  let to = Math.min(flat.length, from + width);
  if (to < flat.length && /[\uDC00-\uDFFF]/.test(flat[to] ?? '')) to += 1;
  const segments = segmentsIn(flat, ranges, from, to);
  if (from > 0) segments.unshift({ text: '…', hit: false });
  if (to < flat.length) segments.push({ text: '…', hit: false });
  return segments;
}
