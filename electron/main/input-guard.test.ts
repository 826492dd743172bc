import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CLIPBOARD_RULES, INPUT_AREAS, type ClipboardRules, type InputAreaState } from '../contract/protected-area.ts';
import type { KbBlockedAttempt } from '../contract/kb-protection.ts';
import { decideInput, guardPlatform, installInputGuard, type GuardPlatform, type InputAreaPort, type KeyInput } from './input-guard.ts';
import type { SecurityEvent } from './security-events.ts';

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

/** Ctrl on Windows/Linux, Cmd on macOS. */
const primary = (platform: GuardPlatform): Mods => (platform === 'darwin' ? { meta: true } : { control: true });
const PLATFORMS: GuardPlatform[] = ['win32', 'darwin', 'linux'];

describe.each(PLATFORMS)('decideInput on %s', (platform) => {
  const p = primary(platform);
  const blocked: Array<[string, KeyInput, string]> = [
    ['copy', key('c', 'KeyC', p), 'copy'],
    ['copy, caps lock / shift', key('C', 'KeyC', { ...p, shift: true }), 'copy'],
    ['copy on a non-Latin layout (physical C)', key('с', 'KeyC', p), 'copy'],
    ['cut', key('x', 'KeyX', p), 'cut'],
    ['select all', key('a', 'KeyA', p), 'select-all'],
    ['print', key('p', 'KeyP', p), 'print'],
    ['print preview', key('P', 'KeyP', { ...p, shift: true }), 'print'],
    ['save', key('s', 'KeyS', p), 'save'],
    ['view source', key('u', 'KeyU', p), 'view-source'],
    ['reload', key('r', 'KeyR', p), 'reload'],
    ['hard reload', key('R', 'KeyR', { ...p, shift: true }), 'reload'],
    ['F5', key('F5', 'F5'), 'reload'],
    ['Ctrl+F5', key('F5', 'F5', { control: true }), 'reload'],
    ['F12', key('F12', 'F12'), 'devtools'],
    ['zoom in', key('=', 'Equal', p), 'zoom'],
    ['zoom in (+)', key('+', 'Equal', { ...p, shift: true }), 'zoom'],
    ['zoom out', key('-', 'Minus', p), 'zoom'],
    ['zoom reset', key('0', 'Digit0', p), 'zoom'],
    ['numpad zoom', key('+', 'NumpadAdd', p), 'zoom'],
    ['PrintScreen', key('PrintScreen', 'PrintScreen'), 'screenshot'],
    ['blocked on keyUp too', key('c', 'KeyC', p, 'keyUp'), 'copy'],
    // Outside a field (here: before the observer has spoken) paste goes nowhere it may.
    ['paste outside a field', key('v', 'KeyV', p), 'paste'],
    ['paste as plain text outside a field', key('V', 'KeyV', { ...p, shift: true }), 'paste'],
  ];
  if (platform === 'darwin') {
    blocked.push(
      ['devtools Cmd+Alt+I', key('i', 'KeyI', { meta: true, alt: true }), 'devtools'],
      ['devtools Cmd+Alt+J', key('j', 'KeyJ', { meta: true, alt: true }), 'devtools'],
      ['inspect Cmd+Alt+C', key('c', 'KeyC', { meta: true, alt: true }), 'devtools'],
      ['screenshot Cmd+Shift+4', key('4', 'Digit4', { meta: true, shift: true }), 'screenshot'],
      ['screenshot Cmd+Shift+5', key('%', 'Digit5', { meta: true, shift: true }), 'screenshot'],
      ['paste and match style Cmd+Opt+Shift+V outside a field', key('◊', 'KeyV', { meta: true, alt: true, shift: true }), 'paste'],
    );
  } else {
    blocked.push(
      ['devtools Ctrl+Shift+I', key('I', 'KeyI', { control: true, shift: true }), 'devtools'],
      ['devtools Ctrl+Shift+J', key('J', 'KeyJ', { control: true, shift: true }), 'devtools'],
      ['inspect Ctrl+Shift+C (copy rule wins)', key('C', 'KeyC', { control: true, shift: true }), 'copy'],
      ['copy Ctrl+Insert', key('Insert', 'Insert', { control: true }), 'copy'],
      ['cut Shift+Delete', key('Delete', 'Delete', { shift: true }), 'cut'],
      ['paste Shift+Insert outside a field', key('Insert', 'Insert', { shift: true }), 'paste'],
    );
  }

  it.each(blocked)('blocks %s', (_name, input, rule) => {
    expect(decideInput(input, platform)).toEqual({ block: true, rule });
  });

  const allowed: Array<[string, KeyInput]> = [
    ['typing a letter', key('c', 'KeyC')],
    ['typing a capital', key('C', 'KeyC', { shift: true })],
    ['typing digits', key('4', 'Digit4')],
    // The phone's answer and hang-up shortcuts; on Windows also AltGr, which arrives as Ctrl+Alt (ą, ć).
    ['primary+Alt+A (answer)', key('a', 'KeyA', { ...p, alt: true })],
    ['primary+Alt+X (hang up)', key('x', 'KeyX', { ...p, alt: true })],
    ['AltGr+A (ą)', key('ą', 'KeyA', { control: true, alt: true })],
    ['AltGr+V (typing, not paste)', key('v', 'KeyV', { control: true, alt: true })],
    ['undo', key('z', 'KeyZ', p)],
    ['backspace', key('Backspace', 'Backspace')],
    ['delete', key('Delete', 'Delete')],
    ['tab', key('Tab', 'Tab')],
    ['enter', key('Enter', 'Enter')],
    ['arrow', key('ArrowLeft', 'ArrowLeft', { shift: true })],
    ['F1', key('F1', 'F1')],
    ['escape', key('Escape', 'Escape')],
    ['alt+letter (menu mnemonics, IME)', key('c', 'KeyC', { alt: true })],
  ];
  if (platform === 'darwin') {
    allowed.push(
      ['Ctrl+C on macOS is not copy', key('c', 'KeyC', { control: true })],
      ['Ctrl+A on macOS moves to line start', key('a', 'KeyA', { control: true })],
    );
  } else {
    allowed.push(
      ['Windows key + C is the OS, not copy', key('c', 'KeyC', { meta: true })],
    );
  }

  it.each(allowed)('allows %s', (_name, input) => {
    expect(decideInput(input, platform)).toEqual({ block: false, rule: 'allow' });
  });
});

describe('guardPlatform', () => {
  it('maps Node platforms onto the three guard tables', () => {
    expect(guardPlatform('win32')).toBe('win32');
    expect(guardPlatform('darwin')).toBe('darwin');
    expect(guardPlatform('linux')).toBe('linux');
    expect(guardPlatform('freebsd')).toBe('linux');
  });
});

describe.each(PLATFORMS)('area-aware copy-out on %s', (platform) => {
  const p = primary(platform);
  const copyOut: Array<[string, KeyInput, string]> = [
    ['copy', key('c', 'KeyC', p), 'copy'],
    ['cut', key('x', 'KeyX', p), 'cut'],
    ['select all', key('a', 'KeyA', p), 'select-all'],
  ];
  if (platform !== 'darwin') {
    copyOut.push(['copy Ctrl+Insert', key('Insert', 'Insert', { control: true }), 'copy'], ['cut Shift+Delete', key('Delete', 'Delete', { shift: true }), 'cut']);
  }
  const area = (a: InputAreaState['area'], selectionProtected = false): InputAreaState => ({ area: a, selectionProtected });
  /** Every area × selection: only an editable field with nothing protected selected lets copy-out keys through. */
  const table: Array<[string, InputAreaState | undefined, boolean]> = [
    ['unknown (observer silent)', undefined, false],
    ['editable, nothing protected selected', area('editable'), true],
    ['editable, but the selection reaches into an article', area('editable', true), false],
    ['in a protected article', area('protected'), false],
    ['in a protected article, selection outside', area('protected', false), false],
    ['in a sensitive field', area('sensitive'), false],
    ['elsewhere (a button, the page)', area('other'), false],
  ];
  for (const [where, state, allowed] of table) {
    it.each(copyOut)(`%s ${where}: ${allowed ? 'allowed' : 'blocked'}`, (_name, input, rule) => {
      expect(decideInput(input, platform, state)).toEqual(allowed ? { block: false, rule: 'allow' } : { block: true, rule });
    });
  }

  it('save (Ctrl/Cmd+S) reaches the page in an editable field only (the KB editor saves drafts with it; Electron has no native save-as)', () => {
    expect(decideInput(key('s', 'KeyS', p), platform, area('editable'))).toEqual({ block: false, rule: 'allow' });
    expect(decideInput(key('s', 'KeyS', p), platform, area('protected'))).toEqual({ block: true, rule: 'save' });
    expect(decideInput(key('s', 'KeyS', p), platform, area('other'))).toEqual({ block: true, rule: 'save' });
    expect(decideInput(key('s', 'KeyS', p), platform, area('editable', true))).toEqual({ block: true, rule: 'save' });
  });

  it.each([
    ['print', key('p', 'KeyP', p), 'print'],
    ['reload', key('r', 'KeyR', p), 'reload'],
    ['view source', key('u', 'KeyU', p), 'view-source'],
  ] as Array<[string, KeyInput, string]>)('%s stays blocked in an editable field', (_name, input, rule) => {
    expect(decideInput(input, platform, area('editable'))).toEqual({ block: true, rule });
  });

  it('DevTools chords that share a copy key stay blocked in an editable field', () => {
    const inspect = platform === 'darwin' ? key('c', 'KeyC', { meta: true, alt: true }) : key('C', 'KeyC', { control: true, shift: true });
    expect(decideInput(inspect, platform, area('editable'))).toEqual({ block: true, rule: 'devtools' });
  });
});

describe.each(PLATFORMS)('clipboard policy on %s', (platform) => {
  const p = primary(platform);
  const pc = platform !== 'darwin';
  type Kind = 'copy' | 'cut' | 'select-all' | 'paste';
  /** Every chord of each clipboard rule on this platform. */
  const chords: Array<[Kind, KeyInput]> = [
    ['copy', key('c', 'KeyC', p)],
    ['cut', key('x', 'KeyX', p)],
    ['select-all', key('a', 'KeyA', p)],
    ['paste', key('v', 'KeyV', p)],
    ['paste', key('V', 'KeyV', { ...p, shift: true })],
    ['paste', key('м', 'KeyV', p)],
    // The dedicated keys some keyboards have.
    ['copy', key('Copy', 'Copy')],
    ['cut', key('Cut', 'Cut')],
    ['paste', key('Paste', 'Paste')],
    ...(pc
      ? ([
          ['copy', key('Insert', 'Insert', { control: true })],
          ['cut', key('Delete', 'Delete', { shift: true })],
          ['paste', key('Insert', 'Insert', { shift: true })],
        ] as Array<[Kind, KeyInput]>)
      : ([
          // Paste and Match Style (Option turns V into ◊ / √; the physical key still says V).
          ['paste', key('◊', 'KeyV', { meta: true, alt: true, shift: true })],
          ['paste', key('√', 'KeyV', { meta: true, alt: true })],
        ] as Array<[Kind, KeyInput]>)),
  ];
  /** The rule table of docs/security.md, written out independently of the implementation. */
  const expected = (kind: Kind, state: InputAreaState, rules: ClipboardRules): boolean => {
    const ownField = state.area === 'editable' && !state.selectionProtected;
    if (kind === 'select-all') return ownField;
    if (kind === 'paste') return rules.pasteIntoFields && (state.area === 'editable' || state.area === 'sensitive');
    return rules.copyFromOwnFields && ownField;
  };
  const allRules: ClipboardRules[] = [true, false].flatMap((copyFromOwnFields) => [true, false].map((pasteIntoFields) => ({ copyFromOwnFields, pasteIntoFields })));
  const allStates: InputAreaState[] = INPUT_AREAS.flatMap((area) => [false, true].map((selectionProtected) => ({ area, selectionProtected })));

  it('decides every area × selection × rules × chord as the table says', () => {
    let cases = 0;
    for (const rules of allRules) {
      for (const state of allStates) {
        for (const [kind, input] of chords) {
          const allow = expected(kind, state, rules);
          expect({ kind, input, state, rules, decision: decideInput(input, platform, state, rules) }).toEqual({
            kind,
            input,
            state,
            rules,
            decision: allow ? { block: false, rule: 'allow' } : { block: true, rule: kind },
          });
          cases++;
        }
      }
    }
    expect(cases).toBe(allRules.length * allStates.length * chords.length);
  });

  it('no clipboard chord passes in an article or outside fields, whatever the rules (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allStates.filter((s) => s.area === 'protected' || s.area === 'other')),
        fc.constantFrom(...allRules),
        fc.constantFrom(...chords),
        fc.constantFrom('keyDown', 'keyUp'),
        (state, rules, [kind, input], type) => {
          const decision = decideInput({ ...input, type }, platform, state, rules);
          return decision.block && decision.rule === kind;
        },
      ),
    );
  });

  it('typing and unrelated keys never depend on the rules or the area (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allStates),
        fc.constantFrom(...allRules),
        // Ctrl+Alt+V is AltGr typing on Windows/Linux; macOS has no AltGr (Cmd+Opt+V is a paste chord there).
        fc.constantFrom(key('v', 'KeyV'), key('V', 'KeyV', { shift: true }), key('Insert', 'Insert'), key('z', 'KeyZ', p), ...(pc ? [key('v', 'KeyV', { ...p, alt: true })] : [])),
        (state, rules, input) => decideInput(input, platform, state, rules).block === false,
      ),
    );
  });

  it('without rules, decides as with the defaults (no clipboard policy: today\'s behaviour)', () => {
    for (const state of allStates) {
      for (const [, input] of chords) expect(decideInput(input, platform, state)).toEqual(decideInput(input, platform, state, DEFAULT_CLIPBOARD_RULES));
    }
  });
});

describe('installInputGuard with the input area', () => {
  type Listener = (event: { preventDefault(): void }, input: KeyInput) => void;
  function world(state: ReturnType<InputAreaPort['current']>) {
    let listener: Listener | null = null;
    const contents = { on: (_e: 'before-input-event', l: Listener) => (listener = l), getURL: () => 'app://desk/index.html' };
    const audited: SecurityEvent[] = [];
    const kb: KbBlockedAttempt[] = [];
    const asked: object[] = [];
    installInputGuard(contents, 'linux', (e) => audited.push(e), {
      current: (c) => (asked.push(c), state),
      rules: () => DEFAULT_CLIPBOARD_RULES,
      reportKb: (a) => kb.push(a),
    });
    const press = (input: KeyInput) => {
      let prevented = false;
      listener!({ preventDefault: () => (prevented = true) }, input);
      return prevented;
    };
    return { contents, press, audited, kb, asked };
  }
  const article = { articleId: 12, version: 4 };

  it('blocks copy over an article, audits the input and reports the article attempt once per key press', () => {
    const w = world({ area: 'protected', selectionProtected: true, article });
    expect(w.press(key('c', 'KeyC', { control: true }))).toBe(true);
    expect(w.press(key('c', 'KeyC', { control: true }, 'keyUp'))).toBe(true);
    expect(w.press(key('Insert', 'Insert', { control: true }))).toBe(true);
    expect(w.press(key('Delete', 'Delete', { shift: true }))).toBe(true);
    expect(w.press(key('p', 'KeyP', { control: true }))).toBe(true);
    expect(w.press(key('F12', 'F12'))).toBe(true);
    expect(w.asked.every((c) => c === w.contents)).toBe(true);
    expect(w.audited.map((e) => e.detail)).toEqual(['copy', 'copy', 'cut', 'print', 'devtools']);
    expect(w.kb).toEqual([
      { attempt: 'copy', via: 'keyboard', ...article },
      { attempt: 'copy', via: 'keyboard-insert', ...article },
      { attempt: 'cut', via: 'keyboard-delete', ...article },
      { attempt: 'print', via: 'keyboard', ...article },
    ]);
  });

  it('asks the rules in force on every key: a paste the policy refuses is blocked and audited once per press', () => {
    let listener: Listener | null = null;
    const contents = { on: (_e: 'before-input-event', l: Listener) => (listener = l), getURL: () => 'app://desk/index.html' };
    const audited: SecurityEvent[] = [];
    let rules: ClipboardRules = { copyFromOwnFields: true, pasteIntoFields: true };
    installInputGuard(contents, 'win32', (e) => audited.push(e), {
      current: () => ({ area: 'editable', selectionProtected: false, article: null }),
      rules: () => rules,
      reportKb: () => undefined,
    });
    const press = (input: KeyInput) => {
      let prevented = false;
      listener!({ preventDefault: () => (prevented = true) }, input);
      return prevented;
    };
    expect(press(key('v', 'KeyV', { control: true }))).toBe(false);
    rules = { copyFromOwnFields: true, pasteIntoFields: false };
    expect(press(key('v', 'KeyV', { control: true }))).toBe(true);
    expect(press(key('v', 'KeyV', { control: true }, 'keyUp'))).toBe(true);
    expect(press(key('Insert', 'Insert', { shift: true }))).toBe(true);
    expect(press(key('c', 'KeyC', { control: true }))).toBe(false);
    expect(audited.map((e) => [e.kind, e.detail])).toEqual([
      ['input-blocked', 'paste'],
      ['input-blocked', 'paste'],
    ]);
  });

  it('lets copy through in an editable field (no audit) and reports nothing without an article', () => {
    const w = world({ area: 'editable', selectionProtected: false, article });
    expect(w.press(key('c', 'KeyC', { control: true }))).toBe(false);
    expect(w.press(key('a', 'KeyA', { control: true }))).toBe(false);
    expect(w.audited).toEqual([]);
    const none = world({ area: 'other', selectionProtected: false, article: null });
    expect(none.press(key('c', 'KeyC', { control: true }))).toBe(true);
    expect(none.audited.map((e) => e.detail)).toEqual(['copy']);
    expect(none.kb).toEqual([]);
  });
});
