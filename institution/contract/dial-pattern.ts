/**
 * The institution's dial plan — matching only, with no schema library, so the renderer can
 * use it without bringing zod into the page (dial-plan.ts holds the policy's schemas): which numbers an agent may dial. A pattern is a small,
 * safe language — never a regular expression the institution (or anyone who can change
 * the policy) writes — so no pattern can make matching slow (ReDoS) or match by surprise:
 *
 *   `0`–`9`      that digit
 *   `X`          any digit
 *   `[3-9]`      one digit of a class (digits and digit ranges only: `[0-35-9]`, `[13579]`)
 *   `{n}` `{m,n}` after `X` or a class: that many of it (n ≤ 20)
 *   `+`          only as the first character: a literal plus (E.164)
 *
 * A pattern matches the WHOLE number, so `95588` matches that service number only and
 * `1[3-9]XXXXXXXXX` exactly an 11-digit mainland mobile number. Matching walks the number
 * once per token with a bounded set of positions: at most 20 digits × 24 tokens × 21
 * repetitions of work, whatever the pattern.
 */
export const MAX_PATTERN_LENGTH = 48;
export const MAX_PATTERN_TOKENS = 24;
export const MAX_PATTERN_DIGITS = 20;
export const MAX_DIAL_PATTERNS = 32;

interface Token {
  /** Bit i set: digit i matches. */
  digits: number;
  min: number;
  max: number;
}

export interface CompiledPattern {
  readonly source: string;
  readonly plus: boolean;
  readonly tokens: readonly Token[];
}

export type PatternError = 'empty' | 'too-long' | 'bad-character' | 'bad-class' | 'bad-repeat' | 'too-many-tokens' | 'too-many-digits';

const ALL_DIGITS = 0b11_1111_1111;
const isDigit = (c: string | undefined): c is string => c !== undefined && c >= '0' && c <= '9';

/** Parses a `[…]` class starting after `[`; returns the digit mask and the index after `]`. */
function parseClass(source: string, start: number): { mask: number; next: number } | null {
  let mask = 0;
  let i = start;
  while (i < source.length && source[i] !== ']') {
    const from = source[i];
    if (!isDigit(from)) return null;
    if (source[i + 1] === '-') {
      const to = source[i + 2];
      if (!isDigit(to) || to < from) return null;
      for (let d = Number(from); d <= Number(to); d += 1) mask |= 1 << d;
      i += 3;
    } else {
      mask |= 1 << Number(from);
      i += 1;
    }
  }
  if (source[i] !== ']' || mask === 0) return null;
  return { mask, next: i + 1 };
}

/** Parses `{n}` or `{m,n}` starting at `{`; returns the bounds and the index after `}`. */
function parseRepeat(source: string, start: number): { min: number; max: number; next: number } | null {
  const match = /^\{(\d{1,2})(?:,(\d{1,2}))?\}/.exec(source.slice(start, start + 7));
  if (match === null) return null;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min || max > MAX_PATTERN_DIGITS || max === 0) return null;
  return { min, max, next: start + match[0].length };
}

export function compilePattern(source: string): { ok: true; pattern: CompiledPattern } | { ok: false; error: PatternError } {
  if (source.length === 0) return { ok: false, error: 'empty' };
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, error: 'too-long' };
  const plus = source.startsWith('+');
  const tokens: Token[] = [];
  let i = plus ? 1 : 0;
  while (i < source.length) {
    const c = source[i] as string;
    let mask: number;
    let repeatable = true;
    if (isDigit(c)) {
      mask = 1 << Number(c);
      repeatable = false;
      i += 1;
    } else if (c === 'X') {
      mask = ALL_DIGITS;
      i += 1;
    } else if (c === '[') {
      const parsed = parseClass(source, i + 1);
      if (parsed === null) return { ok: false, error: 'bad-class' };
      mask = parsed.mask;
      i = parsed.next;
    } else if (c === '{') {
      return { ok: false, error: 'bad-repeat' };
    } else {
      return { ok: false, error: 'bad-character' };
    }
    let min = 1;
    let max = 1;
    if (source[i] === '{') {
      const repeat = repeatable ? parseRepeat(source, i) : null;
      if (repeat === null) return { ok: false, error: 'bad-repeat' };
      min = repeat.min;
      max = repeat.max;
      i = repeat.next;
    }
    tokens.push({ digits: mask, min, max });
    if (tokens.length > MAX_PATTERN_TOKENS) return { ok: false, error: 'too-many-tokens' };
  }
  if (tokens.length === 0) return { ok: false, error: 'empty' };
  if (tokens.reduce((n, t) => n + t.min, 0) > MAX_PATTERN_DIGITS) return { ok: false, error: 'too-many-digits' };
  return { ok: true, pattern: { source, plus, tokens } };
}

/** Whether `number` (`+`? digits, already normalised) is exactly what the pattern describes. */
export function patternMatches(pattern: CompiledPattern, number: string): boolean {
  const plus = number.startsWith('+');
  if (plus !== pattern.plus) return false;
  const digits = plus ? number.slice(1) : number;
  if (digits.length === 0 || digits.length > MAX_PATTERN_DIGITS || !/^[0-9]+$/.test(digits)) return false;
  // The positions the tokens so far can end at: a set, never a backtracking search.
  let positions = new Set<number>([0]);
  for (const token of pattern.tokens) {
    const next = new Set<number>();
    for (const start of positions) {
      let p = start;
      for (let count = 0; count <= token.max; count += 1) {
        if (count >= token.min) next.add(p);
        const d = digits.charCodeAt(p) - 48;
        if (p >= digits.length || (token.digits & (1 << d)) === 0) break;
        p += 1;
      }
    }
    if (next.size === 0) return false;
    positions = next;
  }
  return positions.has(digits.length);
}

/** The patterns of a plan, compiled once (each was validated by the schema). */
export function compilePlan(plan: { readonly allowed: readonly string[] }): CompiledPattern[] {
  return plan.allowed.flatMap((source) => {
    const compiled = compilePattern(source);
    return compiled.ok ? [compiled.pattern] : [];
  });
}

/** Whether the plan allows `number`; no plan at all allows every well-formed number. */
export function dialPlanAllows(plan: readonly CompiledPattern[] | null, number: string): boolean {
  if (plan === null) return true;
  return plan.some((p) => patternMatches(p, number));
}
