/**
 * Masks for what the screen pop shows, and the caller-number rule — with no schema library,
 * so the renderer can use them without bringing zod into the page (caller-api.ts holds the
 * schemas and re-exports these).
 */

/** A caller's number as the desk sends it: normalised (no separators), an optional leading +, 3–20 digits. */
export const CALLER_NUMBER = /^\+?[0-9]{3,20}$/;

export const isCallerNumber = (value: string): boolean => CALLER_NUMBER.test(value);

/** The mask MaskedCaller describes. `number` must already be a CallerNumber (or a short extension). */
export function maskCallerNumber(number: string): string {
  const plus = number.startsWith('+') ? '+' : '';
  const digits = number.replace(/^\+/, '');
  if (digits.length <= 4) return digits;
  return `${plus}${'*'.repeat(Math.max(1, digits.length - 4))}${digits.slice(-4)}`;
}

/** Every character of a name but its first and last masked; a two-character name keeps its first (王*). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** A resident ID number with its first 3 and last 4 characters in clear. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}
