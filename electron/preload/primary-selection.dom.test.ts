// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIPBOARD_RULES, type ClipboardRules } from '../contract/protected-area.ts';
import { coalescedClear, hasSelectedText } from '../contract/primary-selection.ts';
import { observeInputArea, type ObserverGlobals } from './input-area-observer.ts';

/**
 * The observer's half of the Linux selection-clipboard guard: when text is selected where
 * copy-out is refused, it asks main to empty the selection buffer; elsewhere it sends nothing.
 * Main's half (the actual clear, with a fake Electron clipboard) is electron/main/primary-selection.test.ts.
 */
const observers: { stop(): void }[] = [];
afterEach(() => {
  for (const o of observers.splice(0)) o.stop();
  document.getSelection()?.removeAllRanges();
  document.body.innerHTML = '';
});

/** A promise settled by hand: main's reply to a clear, to hold a request in flight. */
function deferred() {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

/** `rules`: main's reply to each area report. `hold`: keep every clear in flight until settled. */
function setup(rules: ClipboardRules = DEFAULT_CLIPBOARD_RULES, hold = false) {
  document.body.innerHTML = `<input id="field" type="text" value="my own note"><input id="card" data-desk-sensitive value="6222 0200 1234 5678">
    <textarea id="notes">free text</textarea><input id="date" type="date"><p id="page">Ticket list text</p><div id="host"></div>`;
  const clears: Array<ReturnType<typeof deferred>> = [];
  const observer = observeInputArea(
    window as unknown as ObserverGlobals,
    () => Promise.resolve(rules),
    () => {
      const d = deferred();
      clears.push(d);
      if (!hold) d.settle();
      return d.promise;
    },
  );
  observers.push(observer);
  const el = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;
  /** Selects part of a text field as a mouse or Shift+arrows would, and lets the events fire. */
  const selectIn = (id: string, start = 0, end = 4) => {
    const field = el(id);
    field.focus();
    field.setSelectionRange(start, end);
    document.dispatchEvent(new Event('selectionchange'));
  };
  /** Selects document text (outside any field). */
  const selectText = (node: Node) => {
    el<HTMLElement>('page').focus();
    const range = document.createRange();
    range.selectNodeContents(node);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
  };
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { clears, el, selectIn, selectText, flush, observer };
}

describe('input-area observer: the Linux selection clipboard', () => {
  it('sends nothing for a selection in the agent own field while copying out of it is allowed', async () => {
    const { clears, selectIn, flush } = setup();
    await flush();
    selectIn('field');
    selectIn('notes', 0, 4);
    await flush();
    expect(clears).toHaveLength(0);
  });

  it('asks main to empty the buffer for a selection in a sensitive field', async () => {
    const { clears, selectIn, flush } = setup();
    await flush();
    selectIn('card');
    await flush();
    expect(clears.length).toBeGreaterThan(0);
  });

  it('asks for text selected on the page outside fields, and in an article', async () => {
    const { clears, el, selectText, flush } = setup();
    await flush();
    selectText(el('page'));
    await flush();
    const afterPage = clears.length;
    expect(afterPage).toBeGreaterThan(0);
    el<HTMLElement>('host').innerHTML = '<div data-desk-protected="kb" data-desk-article-id="12" data-desk-article-version="4"><p id="para">年费减免规则</p></div>';
    await flush();
    selectText(el('para'));
    await flush();
    expect(clears.length).toBeGreaterThan(afterPage);
  });

  it.each([
    [{ copyFromOwnFields: false, pasteIntoFields: true }, true],
    [{ copyFromOwnFields: true, pasteIntoFields: false }, false],
  ])('follows the rules in the agent own field: %o → cleared: %s', async (rules, expected) => {
    const { clears, selectIn, flush } = setup(rules);
    await flush();
    selectIn('field');
    await flush();
    expect(clears.length > 0).toBe(expected);
  });

  it('sends nothing while nothing is selected: caret moves, a collapsed range, a field without text selection', async () => {
    const { clears, el, selectIn, flush } = setup();
    await flush();
    selectIn('card', 3, 3);
    el('date').focus();
    document.dispatchEvent(new Event('selectionchange'));
    el<HTMLElement>('page').focus();
    const range = document.createRange();
    range.setStart(el('page').firstChild!, 2);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
    await flush();
    expect(clears).toHaveLength(0);
  });

  it('asks for a selection in a password field even while own fields may be copied (Chromium puts it in PRIMARY)', async () => {
    const { clears, el, flush } = setup();
    await flush();
    el<HTMLElement>('host').innerHTML = '<input id="secret" type="password" value="Agent#2026">';
    const secret = el('secret');
    secret.focus();
    secret.setSelectionRange(0, 5);
    document.dispatchEvent(new Event('selectionchange'));
    await flush();
    expect(clears.length).toBeGreaterThan(0);
  });

  it('empties the buffer when the policy turns copying off while own text is selected', async () => {
    const { clears, selectIn, flush, observer } = setup();
    await flush();
    selectIn('field');
    await flush();
    expect(clears).toHaveLength(0);
    observer.setRules({ copyFromOwnFields: false, pasteIntoFields: true });
    expect(clears).toHaveLength(1);
  });

  it('coalesces a drag: one clear in flight, changes meanwhile become exactly one more, sent after it settles', async () => {
    const { clears, selectIn, flush } = setup(DEFAULT_CLIPBOARD_RULES, true);
    await flush();
    for (let end = 1; end <= 12; end++) selectIn('card', 0, end);
    expect(clears).toHaveLength(1);
    // The selection is gone before main answers: Chromium wrote the text meanwhile, so one more clear still goes.
    selectIn('card', 2, 2);
    clears[0]!.settle();
    await flush();
    expect(clears).toHaveLength(2);
    clears[1]!.settle();
    await flush();
    expect(clears).toHaveLength(2);
  });

  it('sends nothing without a clear function (Windows, macOS: no selection clipboard)', async () => {
    document.body.innerHTML = '<input id="card" data-desk-sensitive value="6222">';
    const observer = observeInputArea(window as unknown as ObserverGlobals, () => Promise.resolve(DEFAULT_CLIPBOARD_RULES));
    observers.push(observer);
    const card = document.getElementById('card') as HTMLInputElement;
    card.focus();
    card.setSelectionRange(0, 4);
    expect(() => document.dispatchEvent(new Event('selectionchange'))).not.toThrow();
  });
});

describe('hasSelectedText and coalescedClear', () => {
  it('reads a text field selection through selectionStart/End, and survives fields that throw', () => {
    document.body.innerHTML = '<input id="f" value="abcdef">';
    const f = document.getElementById('f') as HTMLInputElement;
    f.focus();
    f.setSelectionRange(1, 3);
    expect(hasSelectedText(document)).toBe(true);
    const throwing = {
      tagName: 'INPUT',
      get selectionStart(): number {
        throw new Error('InvalidStateError');
      },
    };
    expect(hasSelectedText({ activeElement: throwing, getSelection: () => null })).toBe(false);
  });

  it('keeps going when main rejects or the send throws', async () => {
    let calls = 0;
    const clear = coalescedClear(() => {
      calls++;
      if (calls === 1) throw new Error('no handler');
      return Promise.reject(new Error('gone'));
    });
    clear.request();
    clear.request();
    await new Promise((resolve) => setTimeout(resolve, 0));
    clear.request();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toBe(3);
    expect(clear.sent()).toBe(3);
  });
});
