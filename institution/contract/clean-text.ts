import { z } from 'zod';

/**
 * Characters that change how a name LOOKS without being visible themselves: bidi embeddings
 * and overrides (U+202A–202E, e.g. RIGHT-TO-LEFT OVERRIDE turns "陈静‮txt.exe" around),
 * bidi isolates (U+2066–2069), zero-width and direction marks (U+200B–200F), the Arabic
 * letter mark (U+061C), word joiner and invisible operators (U+2060–2064), the BOM / zero-width
 * no-break space (U+FEFF), interlinear annotation controls (U+FFF9–FFFB), the soft hyphen,
 * combining grapheme joiner, Hangul fillers, Khmer/Mongolian invisible vowels and selectors and
 * the tag characters (U+E0000–E007F, as surrogate pairs), plus C0 and C1 controls and the
 * noncharacters U+FFFE/FFFF. A name holding one can pose as another name in
 * an audit trail, a list or a picker; no Chinese or English name needs any of them.
 */
// Combining marks (U+034F, U+17B4/5, U+180B–180D/F) stand alone: inside a class they would combine with their neighbour.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const HIDDEN_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff]|\udb40[\udc00-\udc7f]|\u034f|\u17b4|\u17b5|\u180b|\u180c|\u180d|\u180f/;
/** The same, but tab and line breaks are fine (longer texts: help, descriptions, notes). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const HIDDEN_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff]|\udb40[\udc00-\udc7f]|\u034f|\u17b4|\u17b5|\u180b|\u180c|\u180d|\u180f/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A human-visible name (operator, team, KB space, ticket type, label, reason): one line, nothing hidden, well-formed. */
export function isCleanName(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !HIDDEN_IN_NAME.test(text);
}

/** A longer human-visible text (help, description, note): like a name, but tab and line breaks are allowed. */
export function isCleanLabelText(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !HIDDEN_IN_TEXT.test(text);
}

export const NAME_MESSAGE = 'must be one line of visible text: no control, bidi-override, zero-width or other invisible characters';
export const LABEL_TEXT_MESSAGE = 'must be visible text: no control (except tab and line breaks), bidi-override, zero-width or other invisible characters';

/**
 * A name field of a request: clean (isCleanName), then trimmed, 1..max characters. Checked
 * BEFORE trimming, because trim() would silently drop a trailing U+FEFF or line break that
 * should be refused instead.
 */
export const NameText = (max: number) => z.string().refine(isCleanName, NAME_MESSAGE).trim().min(1).max(max);
