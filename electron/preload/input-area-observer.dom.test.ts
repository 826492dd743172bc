// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { InputAreaReport } from '../contract/kb-protection.ts';
import { observeInputArea, type ObserverGlobals } from './input-area-observer.ts';

const observers: { stop(): void }[] = [];
afterEach(() => {
  for (const o of observers.splice(0)) o.stop();
  document.body.innerHTML = '';
});

function setup() {
  document.body.innerHTML = `<input id="field" type="text" value="mine"><input id="card" data-desk-sensitive value="6222">
    <button id="button">ok</button><div id="host"></div>`;
  const sent: InputAreaReport[] = [];
  observers.push(observeInputArea(window as unknown as ObserverGlobals, (r) => sent.push(r)));
  const el = (id: string) => document.getElementById(id)!;
  const openArticle = (version = 4) => {
    el('host').innerHTML = `<div data-desk-protected="kb" data-desk-article-id="12" data-desk-article-version="${version}"><p id="para" tabindex="0">年费</p><img id="img"></div>`;
  };
  /** MutationObserver callbacks run as microtasks. */
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { sent, el, openArticle, flush };
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
