// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { areaOfElement, clipboardRulesOf, DEFAULT_CLIPBOARD_RULES, INPUT_AREAS, mayCopyOut, mayPaste, maySelectAll } from '../contract/protected-area.ts';

/** Lives beside the preload, whose dom tests type-check with the DOM lib (tsconfig.dom.json); the rules are contract/protected-area.ts. */
describe('clipboard rules (zod-free, shared by main, the preload and the renderer)', () => {
  it('reads a policy: absent = the defaults (both allowed), two booleans = themselves, anything else = the defaults', () => {
    expect(DEFAULT_CLIPBOARD_RULES).toEqual({ copyFromOwnFields: true, pasteIntoFields: true });
    expect(clipboardRulesOf(null)).toEqual(DEFAULT_CLIPBOARD_RULES);
    expect(clipboardRulesOf({})).toEqual(DEFAULT_CLIPBOARD_RULES);
    expect(clipboardRulesOf({ clipboard: { copyFromOwnFields: false, pasteIntoFields: true } })).toEqual({ copyFromOwnFields: false, pasteIntoFields: true });
    expect(clipboardRulesOf({ clipboard: { copyFromOwnFields: false } })).toEqual(DEFAULT_CLIPBOARD_RULES);
  });

  it('copy: own fields only, and only if the policy allows; paste: any text field (sensitive too) if allowed; select-all ignores the policy', () => {
    const closed = { copyFromOwnFields: false, pasteIntoFields: false };
    for (const area of INPUT_AREAS) {
      for (const selectionProtected of [false, true]) {
        const state = { area, selectionProtected };
        const own = area === 'editable' && !selectionProtected;
        expect({ state, copy: mayCopyOut(state, DEFAULT_CLIPBOARD_RULES) }).toEqual({ state, copy: own });
        expect({ state, copy: mayCopyOut(state, closed) }).toEqual({ state, copy: false });
        expect({ state, paste: mayPaste(state, DEFAULT_CLIPBOARD_RULES) }).toEqual({ state, paste: area === 'editable' || area === 'sensitive' });
        expect({ state, paste: mayPaste(state, closed) }).toEqual({ state, paste: false });
        expect({ state, all: maySelectAll(state) }).toEqual({ state, all: own });
      }
    }
  });

  it('a password field is a field (agents paste into it; Chromium never copies out of one)', () => {
    document.body.innerHTML = `<input id="pw" type="password"><input id="box" type="checkbox"><div data-desk-sensitive><input id="card"></div>`;
    expect(areaOfElement(document.getElementById('pw'))).toBe('editable');
    expect(areaOfElement(document.getElementById('box'))).toBe('other');
    expect(areaOfElement(document.getElementById('card'))).toBe('sensitive');
  });
});
