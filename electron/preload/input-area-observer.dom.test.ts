// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { InputAreaReport } from '../contract/kb-protection.ts';
import { DEFAULT_CLIPBOARD_RULES, type ClipboardRules } from '../contract/protected-area.ts';
import { observeInputArea, RULES_BEFORE_MAIN_ANSWERS, rulesFromPolicy, rulesFromReply, type ObserverGlobals } from './input-area-observer.ts';

const observers: { stop(): void }[] = [];
afterEach(() => {
  for (const o of observers.splice(0)) o.stop();
  document.body.innerHTML = '';
});

/** `reply`: what main answers each report with (its clipboard rules; anything else for a stranger). */
function setup(reply: unknown = DEFAULT_CLIPBOARD_RULES) {
  document.body.innerHTML = `<input id="field" type="text" value="mine"><input id="card" data-desk-sensitive value="6222">
    <button id="button">ok</button><div id="host"></div>`;
  const sent: InputAreaReport[] = [];
  const observer = observeInputArea(window as unknown as ObserverGlobals, (r) => {
    sent.push(r);
    return Promise.resolve(reply);
  });
  observers.push(observer);
  const el = (id: string) => document.getElementById(id)!;
  const openArticle = (version = 4) => {
    el('host').innerHTML = `<div data-desk-protected="kb" data-desk-article-id="12" data-desk-article-version="${version}"><p id="para" tabindex="0">年费</p><img id="img"></div>`;
  };
  /** MutationObserver callbacks run as microtasks. */
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { sent, el, openArticle, flush, observer };
}

describe('input-area observer (preload, isolated world)', () => {
  it('reports the area on focus changes, and only when it changed', async () => {
    const { sent, el, openArticle, flush } = setup();
    expect(sent).toEqual([{ area: 'other', selectionProtected: false, article: null }]);
    const after = (step: () => void) => {
      step();
      return sent.at(-1);
    };
    expect(after(() => el('field').focus())).toEqual({ area: 'editable', selectionProtected: false, article: null });
    const count = sent.length;
    el('field').focus();
    expect(sent.length).toBe(count);
    expect(after(() => el('card').focus())).toEqual({ area: 'sensitive', selectionProtected: false, article: null });
    expect(after(() => el('button').focus())).toEqual({ area: 'other', selectionProtected: false, article: null });
    openArticle();
    await flush();
    expect(sent.at(-1)).toEqual({ area: 'other', selectionProtected: false, article: { articleId: 12, version: 4 } });
    expect(after(() => el('para').focus())).toEqual({ area: 'protected', selectionProtected: false, article: { articleId: 12, version: 4 } });
  });

  it('reports a selection that reaches into the article, and a new version on screen', async () => {
    const { sent, el, openArticle, flush } = setup();
    openArticle();
    await flush();
    const range = document.createRange();
    range.selectNodeContents(el('para'));
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
    openArticle(5);
    await flush();
    expect(sent).toContainEqual({ area: 'other', selectionProtected: true, article: { articleId: 12, version: 4 } });
    expect(sent.at(-1)?.article).toEqual({ articleId: 12, version: 5 });
  });

  it('cancels copy events and drags over protected content from its own world', async () => {
    const { el, openArticle, flush } = setup();
    openArticle();
    await flush();
    const range = document.createRange();
    range.selectNodeContents(el('para'));
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    const cleared: string[] = [];
    const copy = new Event('copy', { bubbles: true, cancelable: true });
    Object.defineProperty(copy, 'clipboardData', { value: { clearData: () => cleared.push('copy') } });
    el('para').dispatchEvent(copy);
    expect(copy.defaultPrevented).toBe(true);
    expect(cleared).toEqual(['copy']);
    const drag = new Event('dragstart', { bubbles: true, cancelable: true });
    el('img').dispatchEvent(drag);
    expect(drag.defaultPrevented).toBe(true);
    document.getSelection()!.removeAllRanges();
    el('field').focus();
    const own = new Event('copy', { bubbles: true, cancelable: true });
    el('field').dispatchEvent(own);
    expect(own.defaultPrevented).toBe(false);
  });
});

/** A clipboard event as Chromium dispatches it, recording whether its data was cleared. */
function clipboardEvent(type: 'copy' | 'cut' | 'paste') {
  const cleared: string[] = [];
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { clearData: () => cleared.push(type) } });
  return { event, cleared };
}

describe('input-area observer: the clipboard policy from its own world', () => {
  /** Puts the focus where asked and dispatches the event there; true if it was cancelled. */
  const attempt = (el: (id: string) => HTMLElement, id: string, type: 'copy' | 'cut' | 'paste') => {
    el(id).focus();
    const { event } = clipboardEvent(type);
    el(id).dispatchEvent(event);
    return event.defaultPrevented;
  };
  const RULES: ClipboardRules[] = [true, false].flatMap((copyFromOwnFields) => [true, false].map((pasteIntoFields) => ({ copyFromOwnFields, pasteIntoFields })));

  it.each(RULES)('applies %o to copy, cut and paste in every area', async (rules) => {
    const { el, openArticle, flush, observer } = setup(rules);
    openArticle();
    await flush();
    expect(observer.rules()).toEqual(rules);
    for (const type of ['copy', 'cut'] as const) {
      expect({ type, field: attempt(el, 'field', type) }).toEqual({ type, field: !rules.copyFromOwnFields });
      expect({ type, card: attempt(el, 'card', type) }).toEqual({ type, card: true });
      expect({ type, button: attempt(el, 'button', type) }).toEqual({ type, button: true });
      expect({ type, article: attempt(el, 'para', type) }).toEqual({ type, article: true });
    }
    expect(attempt(el, 'field', 'paste')).toBe(!rules.pasteIntoFields);
    expect(attempt(el, 'card', 'paste')).toBe(!rules.pasteIntoFields);
    expect(attempt(el, 'button', 'paste')).toBe(true);
    expect(attempt(el, 'para', 'paste')).toBe(true);
  });

  it('a refused copy leaves the clipboard as it was; a refused paste keeps its data (nothing to clear)', async () => {
    const { el, flush } = setup({ copyFromOwnFields: false, pasteIntoFields: false });
    await flush();
    el('field').focus();
    const copy = clipboardEvent('copy');
    el('field').dispatchEvent(copy.event);
    expect(copy.cleared).toEqual(['copy']);
    const paste = clipboardEvent('paste');
    el('field').dispatchEvent(paste.event);
    expect(paste.event.defaultPrevented).toBe(true);
    expect(paste.cleared).toEqual([]);
  });

  it('refuses copy-out and paste until main has answered, and keeps its rules on a reply that is not rules', async () => {
    const { el, flush, observer } = setup(null);
    expect(observer.rules()).toEqual(RULES_BEFORE_MAIN_ANSWERS);
    expect(attempt(el, 'field', 'paste')).toBe(true);
    await flush();
    expect(attempt(el, 'field', 'copy')).toBe(true);
    observer.setRules({ copyFromOwnFields: true, pasteIntoFields: true });
    el('card').focus();
    await flush();
    expect(observer.rules()).toEqual({ copyFromOwnFields: true, pasteIntoFields: true });
    expect(attempt(el, 'field', 'paste')).toBe(false);
  });

  it('follows policy.changed: new rules apply at once, a policy without clipboard means the defaults, a malformed one is ignored', async () => {
    const { el, flush, observer } = setup();
    await flush();
    expect(attempt(el, 'field', 'paste')).toBe(false);
    observer.setRules(rulesFromPolicy({ idleLockSeconds: 300, watermark: true, clipboard: { copyFromOwnFields: true, pasteIntoFields: false } }));
    expect(attempt(el, 'field', 'paste')).toBe(true);
    expect(attempt(el, 'field', 'copy')).toBe(false);
    observer.setRules(rulesFromPolicy({ idleLockSeconds: 300, watermark: true, clipboard: { pasteIntoFields: true } }));
    expect(attempt(el, 'field', 'paste')).toBe(true);
    observer.setRules(rulesFromPolicy({ idleLockSeconds: 300, watermark: true }));
    expect(attempt(el, 'field', 'paste')).toBe(false);
  });

  it.each([
    ['null', null],
    ['a string', 'allow'],
    ['an array', [true, true]],
    ['one flag', { pasteIntoFields: true }],
    ['a string flag', { copyFromOwnFields: 'true', pasteIntoFields: true }],
    ['an extra key', { copyFromOwnFields: true, pasteIntoFields: true, fromKb: true }],
  ])('reads no rules from %s', (_name, reply) => {
    expect(rulesFromReply(reply)).toBeNull();
    expect(rulesFromPolicy({ clipboard: reply })).toBeNull();
  });
});

/** A drag event as Chromium dispatches it (jsdom has no DataTransfer), recording cleared data. */
function dragEvent(type: 'dragstart' | 'dragover' | 'drop', types: string[] = ['text/plain']) {
  const cleared: string[] = [];
  const dataTransfer = { types, dropEffect: 'copy', clearData: () => cleared.push(type) };
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
  return { event, dataTransfer, cleared };
}

describe('input-area observer: drag and drop is copy and paste by mouse', () => {
  const RULES: ClipboardRules[] = [true, false].flatMap((copyFromOwnFields) => [true, false].map((pasteIntoFields) => ({ copyFromOwnFields, pasteIntoFields })));
  /** Dispatches on the element (focus stays where it is: a drop lands under the pointer); true if cancelled. */
  const drag = (el: (id: string) => HTMLElement, id: string, type: 'dragstart' | 'dragover' | 'drop', types?: string[]) => {
    const d = dragEvent(type, types);
    el(id).dispatchEvent(d.event);
    return { cancelled: d.event.defaultPrevented, dropEffect: d.dataTransfer.dropEffect, cleared: d.cleared };
  };

  it.each(RULES)('applies %o to text dropped (and dragged over) every area, whatever has focus', async (rules) => {
    const { el, openArticle, flush } = setup(rules);
    openArticle();
    await flush();
    el('button').focus();
    for (const type of ['dragover', 'drop'] as const) {
      for (const id of ['field', 'card']) {
        const refused = !rules.pasteIntoFields;
        expect({ type, id, ...drag(el, id, type) }).toEqual({ type, id, cancelled: refused, dropEffect: refused && type === 'dragover' ? 'none' : 'copy', cleared: [] });
      }
      expect({ type, button: drag(el, 'button', type).cancelled }).toEqual({ type, button: true });
      expect({ type, article: drag(el, 'para', type).cancelled }).toEqual({ type, article: true });
    }
    // HTML or a link dragged in is text too.
    expect(drag(el, 'field', 'drop', ['text/html', 'text/uri-list']).cancelled).toBe(!rules.pasteIntoFields);
  });

  it('leaves a drag that carries only files to the page (no text to paste)', async () => {
    const { el, flush } = setup({ copyFromOwnFields: false, pasteIntoFields: false });
    await flush();
    expect(drag(el, 'field', 'dragover', ['Files']).cancelled).toBe(false);
    expect(drag(el, 'field', 'drop', ['Files']).cancelled).toBe(false);
  });

  it('refuses a drop into a field until main has answered', () => {
    const { el } = setup(null);
    el('field').focus();
    expect(drag(el, 'field', 'drop').cancelled).toBe(true);
  });

  it.each(RULES)('applies %o to text dragged out, like copy: never out of a sensitive field, an article or the page', async (rules) => {
    const { el, openArticle, flush } = setup(rules);
    openArticle();
    await flush();
    el('button').focus();
    expect(drag(el, 'field', 'dragstart')).toEqual({ cancelled: !rules.copyFromOwnFields, dropEffect: 'copy', cleared: rules.copyFromOwnFields ? [] : ['dragstart'] });
    expect(drag(el, 'card', 'dragstart')).toEqual({ cancelled: true, dropEffect: 'copy', cleared: ['dragstart'] });
    expect(drag(el, 'button', 'dragstart').cancelled).toBe(true);
    expect(drag(el, 'para', 'dragstart').cancelled).toBe(true);
    expect(drag(el, 'img', 'dragstart').cancelled).toBe(true);
  });

  it('judges a selection drag by the text node it starts on (Chromium dispatches dragstart there)', async () => {
    const { el, openArticle, flush } = setup();
    openArticle();
    await flush();
    const fromText = (node: Node) => {
      const d = dragEvent('dragstart');
      node.dispatchEvent(d.event);
      return d.event.defaultPrevented;
    };
    expect(fromText(el('para').firstChild!)).toBe(true);
    expect(fromText(el('button').firstChild!)).toBe(true);
  });

  it('refuses a drag out of an own field while the selection reaches into the article', async () => {
    const { el, openArticle, flush } = setup();
    openArticle();
    await flush();
    const range = document.createRange();
    range.selectNodeContents(el('para'));
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    expect(drag(el, 'field', 'dragstart').cancelled).toBe(true);
    document.getSelection()!.removeAllRanges();
    expect(drag(el, 'field', 'dragstart').cancelled).toBe(false);
  });
});
