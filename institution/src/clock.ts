/** Milliseconds since the epoch. Injected everywhere so expiry and lockout test without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
