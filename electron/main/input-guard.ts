import type { SecurityAudit } from './security-events.ts';

/**
 * Keyboard shortcuts the desk refuses, as data. `before-input-event` runs in main before
 * the page sees the key, so page script cannot re-enable them.
 *
 * Decisions:
 * - Copy, cut and select-all are blocked everywhere, text fields included: before-input-event
 *   cannot see which element has focus, and the KB must not be copyable. Typing is unaffected.
 * - Paste stays allowed (Ctrl/Cmd+V, Shift+Insert): agents paste into their own forms, and
 *   pasting *into* the desk leaks nothing out of it.
 * - Print, save, view-source, DevTools, reload and zoom are blocked: each either exports the
 *   page or changes what the watermark covers. A key may match by character (`key`) or by
 *   physical position (`code`), so other keyboard layouts cannot route around a rule.
 * - PrintScreen and the macOS capture chords are usually taken by the OS before any app sees
 *   them; the rule only records the attempt. Content protection and OS policy are the real
 *   defence (docs/security.md, "honest limits").
 */
export type GuardPlatform = 'win32' | 'darwin' | 'linux';

export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

export interface InputDecision {
  block: boolean;
  rule: string;
}

interface Chord {
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  primary?: true;
  /** true = must be held, false = must not be held, absent = either. */
  shift?: boolean;
  alt?: boolean;
  control?: boolean;
  keys: readonly string[];
  codes: readonly string[];
}

interface InputRule {
  rule: string;
  chords: readonly Chord[];
  platforms?: readonly GuardPlatform[];
}

const letter = (l: string) => ({ keys: [l], codes: [`Key${l.toUpperCase()}`] });
const PC: readonly GuardPlatform[] = ['win32', 'linux'];
const MAC: readonly GuardPlatform[] = ['darwin'];

export const INPUT_RULES: readonly InputRule[] = Object.freeze([
  { rule: 'copy', chords: [{ primary: true, ...letter('c') }] },
  { rule: 'copy', platforms: PC, chords: [{ control: true, keys: ['insert'], codes: ['Insert'] }] },
  { rule: 'cut', chords: [{ primary: true, ...letter('x') }] },
  { rule: 'cut', platforms: PC, chords: [{ shift: true, keys: ['delete'], codes: ['Delete'] }] },
  { rule: 'select-all', chords: [{ primary: true, ...letter('a') }] },
  { rule: 'print', chords: [{ primary: true, ...letter('p') }] },
  { rule: 'save', chords: [{ primary: true, ...letter('s') }] },
  { rule: 'view-source', chords: [{ primary: true, ...letter('u') }] },
  { rule: 'devtools', chords: [{ keys: ['f12'], codes: ['F12'] }] },
  { rule: 'devtools', platforms: PC, chords: ['i', 'j', 'c'].map((l) => ({ primary: true as const, shift: true, ...letter(l) })) },
  { rule: 'devtools', platforms: MAC, chords: ['i', 'j', 'c'].map((l) => ({ primary: true as const, alt: true, ...letter(l) })) },
  { rule: 'reload', chords: [{ primary: true, ...letter('r') }, { keys: ['f5'], codes: ['F5'] }] },
  {
    rule: 'zoom',
    chords: [{ primary: true, keys: ['=', '+', '-', '_', '0'], codes: ['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0'] }],
  },
  { rule: 'screenshot', chords: [{ keys: ['printscreen'], codes: ['PrintScreen'] }] },
  { rule: 'screenshot', platforms: MAC, chords: [{ primary: true, shift: true, keys: ['3', '4', '5', '6', '#', '$', '%', '^'], codes: ['Digit3', 'Digit4', 'Digit5', 'Digit6'] }] },
]);

function modifierMatches(required: boolean | undefined, held: boolean): boolean {
  return required === undefined || required === held;
}

function chordMatches(chord: Chord, input: KeyInput, platform: GuardPlatform): boolean {
  if (!chord.keys.includes(input.key.toLowerCase()) && !chord.codes.includes(input.code)) return false;
  if (chord.primary && !(platform === 'darwin' ? input.meta : input.control)) return false;
  return modifierMatches(chord.shift, input.shift) && modifierMatches(chord.alt, input.alt) && modifierMatches(chord.control, input.control);
}

export function decideInput(input: KeyInput, platform: GuardPlatform): InputDecision {
  for (const rule of INPUT_RULES) {
    if (rule.platforms && !rule.platforms.includes(platform)) continue;
    if (rule.chords.some((chord) => chordMatches(chord, input, platform))) return { block: true, rule: rule.rule };
  }
  return { block: false, rule: 'allow' };
}

export function guardPlatform(platform: string): GuardPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

export interface InputGuardedContents {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
  getURL(): string;
}

export function installInputGuard(contents: InputGuardedContents, platform: GuardPlatform, audit: SecurityAudit): void {
  contents.on('before-input-event', (event, input) => {
    const decision = decideInput(input, platform);
    if (!decision.block) return;
    event.preventDefault();
    // Each key press fires keyDown and keyUp; record the attempt once.
    if (input.type !== 'keyUp') audit({ kind: 'input-blocked', url: contents.getURL(), detail: decision.rule });
  });
}
