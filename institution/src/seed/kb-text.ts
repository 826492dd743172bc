/**
 * Building blocks for generated knowledge-base text (the demo set and the 50k benchmark
 * corpus): a small seeded PRNG and Markdown helpers. Deterministic: the same seed gives the
 * same text on every machine, so figures and tests can be compared run to run.
 */

export type Random = () => number;

/** mulberry32: 32-bit state, good enough to pick words; never for anything secret. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A seed per (corpus seed, index), so article i does not depend on the ones before it. */
export function seedFor(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** An integer in [min, max]. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A Markdown table (header row, separator, rows); cells must not contain `|`. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const numbered = (items: readonly string[]): string => items.map((item, i) => `${i + 1}. ${item}`).join('\n');
export const bullets = (items: readonly string[]): string => items.map((item) => `- ${item}`).join('\n');

/** Sections joined the way Markdown expects (a blank line between blocks). */
export const blocks = (...parts: readonly string[]): string => parts.filter((p) => p.length > 0).join('\n\n');
