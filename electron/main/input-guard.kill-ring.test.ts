import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIPBOARD_RULES, INPUT_AREAS, type ClipboardRules, type InputAreaState } from '../contract/protected-area.ts';
import { decideInput, installInputGuard, type GuardPlatform, type InputAreaPort, type KeyInput } from './input-guard.ts';
import type { SecurityEvent } from './security-events.ts';

/**
 * macOS kill ring in main's key guard (docs/security.md, "macOS kill ring"): Ctrl+K deletes to the
 * line's end into the renderer's kill buffer and Ctrl+Y yanks it back, with no clipboard event.
 */
type Mods = Partial<Pick<KeyInput, 'control' | 'meta' | 'shift' | 'alt'>>;
const key = (k: string, code: string, mods: Mods = {}, type = 'keyDown'): KeyInput => ({
  type,
  key: k,
  code,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});

describe('macOS kill ring: Ctrl+K is cut in a text field, Ctrl+Y is paste', () => {
  const ctrlK = key('k', 'KeyK', { control: true });
  const ctrlY = key('y', 'KeyY', { control: true });
  const allRules: ClipboardRules[] = [true, false].flatMap((copyFromOwnFields) => [true, false].map((pasteIntoFields) => ({ copyFromOwnFields, pasteIntoFields })));
  const allStates: InputAreaState[] = INPUT_AREAS.flatMap((area) => [false, true].map((selectionProtected) => ({ area, selectionProtected })));
  /** Written out independently of the implementation (docs/security.md, "macOS kill ring"). */
  const killPasses = (s: InputAreaState, r: ClipboardRules) =>
    s.area === 'protected' || s.area === 'other' || (s.area === 'editable' && !s.selectionProtected && r.copyFromOwnFields);
  const yankPasses = (s: InputAreaState, r: ClipboardRules, guarded: boolean) =>
    !guarded && r.pasteIntoFields && (s.area === 'editable' || s.area === 'sensitive');

  it('decides every area × selection × rules × kill-ring state as the table says', () => {
    let cases = 0;
    for (const rules of allRules) {
      for (const state of allStates) {
        for (const guarded of [false, true]) {
          const kill = decideInput(ctrlK, 'darwin', state, rules, guarded);
          const yank = decideInput(ctrlY, 'darwin', state, rules, guarded);
          expect({ state, rules, guarded, kill, yank }).toEqual({
            state,
            rules,
            guarded,
            kill: killPasses(state, rules) ? { block: false, rule: 'allow' } : { block: true, rule: 'kill' },
            yank: yankPasses(state, rules, guarded) ? { block: false, rule: 'allow' } : { block: true, rule: 'yank' },
          });
          cases++;
        }
      }
    }
    expect(cases).toBe(allRules.length * allStates.length * 2);
  });

  it.each([
    ['Cmd+K (the KB search shortcut)', key('k', 'KeyK', { meta: true })],
    ['Cmd+Ctrl+K', key('k', 'KeyK', { meta: true, control: true })],
    ['Cmd+Y', key('y', 'KeyY', { meta: true })],
    ['plain k', key('k', 'KeyK')],
  ])('leaves %s alone, even in a sensitive field', (_name, input) => {
    expect(decideInput(input, 'darwin', { area: 'sensitive', selectionProtected: false }, DEFAULT_CLIPBOARD_RULES, true)).toEqual({ block: false, rule: 'allow' });
  });

  it.each(['win32', 'linux'] as const)('is macOS only: Ctrl+K (KB search) and Ctrl+Y (redo) pass in a sensitive field on %s', (platform) => {
    for (const input of [ctrlK, ctrlY]) {
      expect(decideInput(input, platform, { area: 'sensitive', selectionProtected: false }, DEFAULT_CLIPBOARD_RULES, true)).toEqual({ block: false, rule: 'allow' });
    }
  });

  it('matches Ctrl+K and Ctrl+Y by physical key on other layouts', () => {
    const sensitive: InputAreaState = { area: 'sensitive', selectionProtected: false };
    expect(decideInput(key('л', 'KeyK', { control: true }), 'darwin', sensitive).rule).toBe('kill');
    expect(decideInput(key('н', 'KeyY', { control: true }), 'darwin', { area: 'other', selectionProtected: false }).rule).toBe('yank');
  });

  describe('installInputGuard remembers a kill where copy-out is refused', () => {
    type Listener = (event: { preventDefault(): void }, input: KeyInput) => void;
    function world(platform: GuardPlatform, rules: ClipboardRules = DEFAULT_CLIPBOARD_RULES) {
      let listener: Listener | null = null;
      let state: ReturnType<InputAreaPort['current']> = { area: 'editable', selectionProtected: false, article: null };
      const contents = { on: (_e: 'before-input-event', l: Listener) => (listener = l), getURL: () => 'app://desk/index.html' };
      const audited: SecurityEvent[] = [];
      installInputGuard(contents, platform, (e) => audited.push(e), { current: () => state, rules: () => rules, reportKb: () => undefined });
      const press = (input: KeyInput) => {
        let prevented = false;
        listener!({ preventDefault: () => (prevented = true) }, input);
        return prevented;
      };
      const focus = (area: InputAreaState['area']) => (state = { area, selectionProtected: false, article: null });
      return { press, focus, audited };
    }
    const optionBackspace = key('Backspace', 'Backspace', { alt: true });
    const KILLS: Array<[string, KeyInput]> = [
      ['Option+Backspace', optionBackspace],
      ['Option+Delete', key('Delete', 'Delete', { alt: true })],
      ['Cmd+Backspace', key('Backspace', 'Backspace', { meta: true })],
      ['Cmd+Delete', key('Delete', 'Delete', { meta: true })],
      ['Ctrl+W', key('w', 'KeyW', { control: true })],
      ['Ctrl+Option+H', key('˙', 'KeyH', { control: true, alt: true })],
    ];

    it.each(KILLS)('%s in a sensitive field deletes (allowed), then Ctrl+Y is blocked everywhere', (_name, kill) => {
      const w = world('darwin');
      w.focus('editable');
      expect(w.press(ctrlY)).toBe(false);
      w.focus('sensitive');
      expect(w.press(kill)).toBe(false);
      w.focus('editable');
      expect(w.press(ctrlY)).toBe(true);
      expect(w.press(ctrlY)).toBe(true);
      expect(w.audited.map((e) => e.detail)).toEqual(['yank', 'yank']);
    });

    it('kills in the agent own fields, or outside fields (Ctrl+K = KB search), leave yank alone', () => {
      const w = world('darwin');
      w.focus('editable');
      for (const [, kill] of KILLS) expect(w.press(kill)).toBe(false);
      expect(w.press(ctrlK)).toBe(false);
      w.focus('other');
      expect(w.press(ctrlK)).toBe(false);
      expect(w.press(optionBackspace)).toBe(false);
      w.focus('editable');
      expect(w.press(ctrlY)).toBe(false);
      expect(w.audited).toEqual([]);
    });

    it('Ctrl+K in a sensitive field is blocked and audited as kill; a blocked kill puts nothing in the ring', () => {
      const w = world('darwin');
      w.focus('sensitive');
      expect(w.press(ctrlK)).toBe(true);
      expect(w.press(key('k', 'KeyK', { control: true }, 'keyUp'))).toBe(true);
      w.focus('editable');
      expect(w.press(ctrlY)).toBe(false);
      expect(w.audited.map((e) => e.detail)).toEqual(['kill']);
    });

    it('own fields count as guarded while the policy forbids copying out of them', () => {
      const w = world('darwin', { copyFromOwnFields: false, pasteIntoFields: true });
      w.focus('editable');
      expect(w.press(ctrlK)).toBe(true);
      expect(w.press(ctrlY)).toBe(false);
      expect(w.press(optionBackspace)).toBe(false);
      expect(w.press(ctrlY)).toBe(true);
    });

    it('a keyUp of a kill chord changes nothing; other platforms keep no kill ring', () => {
      const w = world('darwin');
      w.focus('sensitive');
      w.press(key('Backspace', 'Backspace', { alt: true }, 'keyUp'));
      w.focus('editable');
      expect(w.press(ctrlY)).toBe(false);
      const pc = world('linux');
      pc.focus('sensitive');
      pc.press(optionBackspace);
      pc.focus('editable');
      expect(pc.press(ctrlY)).toBe(false);
    });
  });
});
