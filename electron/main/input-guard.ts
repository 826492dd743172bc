import type { KbBlockedAttempt, KbBlockedVia } from '../contract/kb-protection.ts';
import { DEFAULT_CLIPBOARD_RULES, mayCopyOut, mayPaste, maySelectAll, UNKNOWN_AREA, type ClipboardRules, type InputAreaState } from '../contract/protected-area.ts';
import type { SecurityAudit } from './security-events.ts';

/**
 * Keyboard shortcuts the desk refuses, as data. `before-input-event` runs in main before
 * the page sees the key, so page script cannot re-enable them.
 *
 * Decisions:
 * - Copy, cut, select-all and paste are area-aware: before-input-event cannot see which element
 *   has focus, so the preload's trusted observer (electron/preload/input-area-observer.ts, in
 *   the isolated world page script cannot reach) reports the input area over a dedicated channel
 *   (input-area.ts). Copy, cut and select-all pass only in the agent's own `editable` field with
 *   nothing protected selected; in a knowledge-base article, a sensitive field, anywhere else, or
 *   before the observer has spoken, they are blocked. Typing is unaffected.
 * - The institution's clipboard policy (site-profile `Policy.clipboard`, as `ClipboardRules`)
 *   narrows further: copy and cut out of own fields only if `copyFromOwnFields`; paste
 *   (Ctrl/Cmd+V, Ctrl/Cmd+Shift+V, Shift+Insert, macOS Cmd+Opt+Shift+V and Cmd+Opt+V, the
 *   Paste key) into `editable` and `sensitive` fields only, and
 *   only if `pasteIntoFields`. Select-all in a field is not copy-out and ignores the policy.
 * - Print, save, view-source, DevTools, reload and zoom are blocked: each either exports the
 *   page or changes what the watermark covers (save passes in an editable field, see FIELD_RULES). A key may match by character (`key`) or by
 *   physical position (`code`), so other keyboard layouts cannot route around a rule.
 * - macOS kill ring: Ctrl+K (delete to the line's end into the renderer's kill buffer) is cut
 *   inside a text field — blocked where cut is, passing outside fields, where it is the KB search
 *   shortcut — and Ctrl+Y (yank) is paste. Option/Cmd+Backspace and the other kill-ring deletes
 *   stay allowed, but one in a field where copy-out is refused blocks yank from then on for that
 *   webContents: the ring may hold a sensitive field's text and main cannot empty it.
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
  meta?: boolean;
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
  // Alt must not be held: Ctrl+Alt+<letter> is not copy, cut or select-all in Chromium, but it is the
  // phone's answer (A) and hang-up (X) shortcut, and AltGr (reported as Ctrl+Alt) types ą, ć, ź.
  { rule: 'copy', chords: [{ primary: true, alt: false, ...letter('c') }] },
  { rule: 'copy', platforms: PC, chords: [{ control: true, keys: ['insert'], codes: ['Insert'] }] },
  { rule: 'cut', chords: [{ primary: true, alt: false, ...letter('x') }] },
  { rule: 'cut', platforms: PC, chords: [{ shift: true, keys: ['delete'], codes: ['Delete'] }] },
  { rule: 'select-all', chords: [{ primary: true, alt: false, ...letter('a') }] },
  // Ctrl/Cmd+Shift+V (paste as plain text) is paste too; Ctrl+Alt+V stays AltGr's.
  { rule: 'paste', chords: [{ primary: true, alt: false, ...letter('v') }] },
  // macOS has no AltGr, and Cmd+Opt+Shift+V is "Paste and Match Style": with Cmd held, V is paste whatever Option says.
  { rule: 'paste', platforms: MAC, chords: [{ primary: true, alt: true, ...letter('v') }] },
  { rule: 'paste', platforms: PC, chords: [{ shift: true, control: false, alt: false, keys: ['insert'], codes: ['Insert'] }] },
  // The dedicated Copy, Cut and Paste keys some keyboards have (Sun layouts, XF86Copy/Cut/Paste on Linux).
  { rule: 'copy', chords: [{ keys: ['copy'], codes: ['Copy'] }] },
  { rule: 'cut', chords: [{ keys: ['cut'], codes: ['Cut'] }] },
  { rule: 'paste', chords: [{ keys: ['paste'], codes: ['Paste'] }] },
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
  // macOS kill ring (Cocoa's key bindings, which Chromium follows): Ctrl+K deletes to the end of the
  // line into the renderer's kill buffer and Ctrl+Y yanks it back — cut and paste with no clipboard
  // event. Cmd is not held (Cmd+K is the desk's KB search shortcut; Cmd+Y is nothing).
  { rule: 'kill', platforms: MAC, chords: [{ control: true, meta: false, ...letter('k') }] },
  { rule: 'yank', platforms: MAC, chords: [{ control: true, meta: false, ...letter('y') }] },
]);

/**
 * macOS chords whose deletion also goes into the kill ring (Blink's kill-ring deletes: word
 * backward/forward with Option, to the line's start/end with Cmd, Ctrl+K, and the Emacs-style
 * Ctrl+W and Ctrl+Option+H). Deleting stays allowed everywhere — it is everyday editing — but a
 * kill where copy-out is refused leaves text in the ring that must not be yanked elsewhere.
 */
const KILL_RING_CHORDS: readonly Chord[] = Object.freeze([
  { alt: true, keys: ['backspace', 'delete'], codes: ['Backspace', 'Delete'] },
  { meta: true, keys: ['backspace', 'delete'], codes: ['Backspace', 'Delete'] },
  { control: true, meta: false, ...letter('k') },
  { control: true, meta: false, alt: false, ...letter('w') },
  { control: true, meta: false, alt: true, ...letter('h') },
]);

function modifierMatches(required: boolean | undefined, held: boolean): boolean {
  return required === undefined || required === held;
}

function chordMatches(chord: Chord, input: KeyInput, platform: GuardPlatform): boolean {
  if (!chord.keys.includes(input.key.toLowerCase()) && !chord.codes.includes(input.code)) return false;
  if (chord.primary && !(platform === 'darwin' ? input.meta : input.control)) return false;
  return (
    modifierMatches(chord.shift, input.shift) &&
    modifierMatches(chord.alt, input.alt) &&
    modifierMatches(chord.control, input.control) &&
    modifierMatches(chord.meta, input.meta)
  );
}

/** A key press on macOS that puts deleted text into the kill ring (KILL_RING_CHORDS). */
export function fillsKillRing(input: KeyInput, platform: GuardPlatform): boolean {
  return platform === 'darwin' && KILL_RING_CHORDS.some((chord) => chordMatches(chord, input, platform));
}

/** Text fields: where a kill deletes something (outside them Ctrl+K is only the KB search shortcut). */
const inField = (area: InputAreaState): boolean => area.area === 'editable' || area.area === 'sensitive';

/**
 * Rules that may pass in a field, and when: copy and cut as the clipboard policy allows;
 * select-all edits text there; Ctrl/Cmd+S has no native action in Electron (no menu, no browser
 * UI), so in a field it only reaches the page — the KB editor saves its draft with it; paste into
 * a field as the policy allows. Outside fields all stay blocked.
 */
const FIELD_RULES: Readonly<Record<string, (area: InputAreaState, rules: ClipboardRules, killRingGuarded: boolean) => boolean>> = Object.freeze({
  copy: mayCopyOut,
  cut: mayCopyOut,
  'select-all': maySelectAll,
  // Save passes where select-all does (an own field, nothing protected selected); no clipboard involved.
  save: maySelectAll,
  paste: mayPaste,
  // Ctrl+K is cut inside a text field; elsewhere it deletes nothing and is the KB search shortcut.
  kill: (area, rules) => !inField(area) || mayCopyOut(area, rules),
  // Ctrl+Y is paste, and never while the ring may hold text killed where copy-out is refused.
  yank: (area, rules, killRingGuarded) => !killRingGuarded && mayPaste(area, rules),
});

/**
 * `area`: where the operator's input is (the observer's last report); the most restrictive
 * state when unknown. `rules`: the institution's clipboard policy in force. `killRingGuarded`
 * (macOS): a kill-ring delete ran where copy-out is refused, so the ring may hold guarded text.
 * A field rule the area allows is skipped, not answered: a later rule still applies
 * (Ctrl+Shift+C stays DevTools' inspect, blocked).
 */
export function decideInput(
  input: KeyInput,
  platform: GuardPlatform,
  area: InputAreaState = UNKNOWN_AREA,
  rules: ClipboardRules = DEFAULT_CLIPBOARD_RULES,
  killRingGuarded = false,
): InputDecision {
  for (const rule of INPUT_RULES) {
    if (rule.platforms && !rule.platforms.includes(platform)) continue;
    if (!rule.chords.some((chord) => chordMatches(chord, input, platform))) continue;
    if (Object.hasOwn(FIELD_RULES, rule.rule) && FIELD_RULES[rule.rule]!(area, rules, killRingGuarded)) continue;
    return { block: true, rule: rule.rule };
  }
  return { block: false, rule: 'allow' };
}

/** The attempt a blocked rule is, for the knowledge base's audit record; null for rules that are not copy-out. */
export function kbAttemptOf(rule: string, input: KeyInput): Pick<KbBlockedAttempt, 'attempt' | 'via'> | null {
  if (rule !== 'copy' && rule !== 'cut' && rule !== 'select-all' && rule !== 'print' && rule !== 'save') return null;
  const via: KbBlockedVia = input.code === 'Insert' ? 'keyboard-insert' : input.code === 'Delete' ? 'keyboard-delete' : 'keyboard';
  return { attempt: rule, via };
}

export function guardPlatform(platform: string): GuardPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

export interface InputGuardedContents {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
  getURL(): string;
}

/**
 * Where the operator's input is in a webContents (input-area.ts), the clipboard rules in force
 * (the desk core's policy), and the kb audit of what main blocks there.
 */
export interface InputAreaPort {
  current(contents: object): InputAreaState & { article: { articleId: number; version: number } | null };
  rules(): ClipboardRules;
  reportKb(attempt: KbBlockedAttempt): void;
}

export function installInputGuard(contents: InputGuardedContents, platform: GuardPlatform, audit: SecurityAudit, areas?: InputAreaPort): void {
  // The kill ring lives in the renderer and cannot be read or emptied from here, so once a kill
  // delete ran where copy-out is refused, yank stays blocked for this webContents (fail closed).
  let killRingGuarded = false;
  contents.on('before-input-event', (event, input) => {
    const area = areas?.current(contents);
    const rules = areas?.rules();
    const decision = decideInput(input, platform, area, rules, killRingGuarded);
    // Outside text fields a kill deletes nothing (there Ctrl+K is the KB search shortcut).
    if (!decision.block && input.type !== 'keyUp' && fillsKillRing(input, platform)) {
      killRingGuarded ||= area === undefined || (inField(area) && !mayCopyOut(area, rules ?? DEFAULT_CLIPBOARD_RULES));
    }
    if (!decision.block) return;
    event.preventDefault();
    // Each key press fires keyDown and keyUp; record the attempt once.
    if (input.type === 'keyUp') return;
    audit({ kind: 'input-blocked', url: contents.getURL(), detail: decision.rule });
    // The page never sees a key main blocked, so main reports it for the article on screen.
    const attempt = kbAttemptOf(decision.rule, input);
    if (attempt && area?.article) areas?.reportKb({ ...attempt, ...area.article });
  });
}
