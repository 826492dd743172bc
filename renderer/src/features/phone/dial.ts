/**
 * What the agent may dial and send. Numbers are checked before anything reaches the SIP
 * stack, so a typo is a clear message in the agent's language, never a stuck call.
 * (The institution's dial-plan policy — allowed patterns — is a later increment.)
 */
export type DialCheck = { ok: true; number: string } | { ok: false; problem: 'empty' | 'invalid' | 'too-long' };

/** Spaces, dashes, dots and brackets are how people write numbers; they are dropped. */
const SEPARATORS = /[\s\-().]/g;
const NUMBER = /^\+?[0-9]+$/;
export const MAX_DIGITS = 20;

export function checkNumber(input: string): DialCheck {
  const number = input.replace(SEPARATORS, '');
  if (number === '') return { ok: false, problem: 'empty' };
  if (!NUMBER.test(number)) return { ok: false, problem: 'invalid' };
  if (number.replace('+', '').length > MAX_DIGITS) return { ok: false, problem: 'too-long' };
  return { ok: true, number };
}

/** The request URI for a checked number in the operator's own SIP domain (from `sip:<id>@<domain>`). */
export function targetUri(number: string, ownUri: string): string {
  const at = ownUri.lastIndexOf('@');
  if (!ownUri.startsWith('sip:') || at < 0) throw new Error('own SIP URI must be sip:<user>@<domain>');
  return `sip:${number}@${ownUri.slice(at + 1)}`;
}

/** RFC 4733 events: 0-9, *, #, A-D. */
export const DTMF_TONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export function isDtmfTone(tone: string): boolean {
  return /^[0-9*#A-Da-d]$/.test(tone);
}

/** The part of a SIP URI or display string an agent recognises: the user part, else the whole. */
export function displayNumber(uriOrUser: string): string {
  const match = /^sips?:([^@;>]+)@/.exec(uriOrUser.trim());
  return (match?.[1] ?? uriOrUser).slice(0, 64);
}
