/**
 * Shared by the bench/ scripts: nanosecond timing, median/p95 (nearest rank) and one
 * printed line format, so every benchmark reports the same figures the same way and
 * docs/benchmarks.md can quote them side by side. Figures only; nothing here judges them.
 */
export type Unit = 'ns' | 'µs' | 'ms';

const NS_PER_UNIT: Record<Unit, number> = { ns: 1, 'µs': 1e3, ms: 1e6 };
const DECIMALS: Record<Unit, number> = { ns: 0, 'µs': 1, ms: 2 };

/** Samples are always nanoseconds; units only matter when printing. */
export interface Summary {
  count: number;
  median: number;
  p95: number;
}

/** Nearest-rank percentile of an ascending array (no interpolation: a real sample is reported). */
export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function summarize(samplesNs: readonly number[]): Summary {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  return { count: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** Wall time of one synchronous call, in ns, plus its result (so callers can keep the work observable). */
export function timeSync<T>(fn: () => T): { ns: number; result: T } {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ns: Number(process.hrtime.bigint() - start), result };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ns: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ns: Number(process.hrtime.bigint() - start), result };
}

export function format(ns: number, unit: Unit): string {
  return `${(ns / NS_PER_UNIT[unit]).toFixed(DECIMALS[unit])} ${unit}`;
}

export function printHeader(title: string): void {
  console.log(`${title}, Node ${process.version}`);
}

export function printRow(name: string, s: Summary, unit: Unit): void {
  console.log(`${name.padEnd(28)} median ${format(s.median, unit).padStart(10)}   p95 ${format(s.p95, unit).padStart(10)}   (n=${s.count})`);
}

/** subject / baseline, for median and p95 separately. */
export function printRatio(label: string, subject: Summary, baseline: Summary): void {
  console.log(`ratio ${label}: median ${(subject.median / baseline.median).toFixed(2)}x, p95 ${(subject.p95 / baseline.p95).toFixed(2)}x`);
}
