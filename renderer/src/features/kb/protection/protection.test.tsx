// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, cleanup } from '@testing-library/react';
import type { KbBlockedAttempt } from '../../../../../electron/contract/kb-protection.ts';
import { EXPORT_BLOCKED_EVENT } from '../../../../../electron/contract/protected-area.ts';
import { AppStoresProvider } from '../../../state/context.tsx';
import { createAppStores, type AppStores } from '../../../state/app-stores.ts';
import { AGENT, createFakeDesk, type FakeDesk } from '../../../test-support/fake-desk.ts';
import { ProtectedArticle } from './ProtectedArticle.tsx';
import { installPageGuard } from './page-guard.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
/** Lets desk promises and the React updates they cause settle. */
const settle = () =>
  act(async () => {
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  });

let stores: AppStores | null = null;
let stopSession: (() => void) | null = null;
const guards: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const uninstall of guards.splice(0)) uninstall();
  stopSession?.();
  stopSession = null;
  stores?.dispose();
  stores = null;
  document.body.innerHTML = '';
});

/** The article and an agent's own form beside it, as the workspace lays them out. */
function page() {
  document.body.innerHTML = `
    <form><input id="field" type="text" value="my note"><textarea id="notes">notes</textarea>
      <input id="card" type="text" data-desk-sensitive value="6222021234567890"></form>
    <div data-desk-protected="kb" data-desk-article-id="12" data-desk-article-version="4">
      <p id="para">年费减免规则：每年刷卡满六次免次年年费。</p><img id="img" alt="x"><a id="link">link</a>
    </div>
    <button id="button">ok</button>`;
  const reports: KbBlockedAttempt[] = [];
  const uninstall = installPageGuard({ window, report: (a) => reports.push(a) });
  guards.push(uninstall);
  return { reports, uninstall, el: (id: string) => document.getElementById(id)! };
}

const keydown = (target: Element, init: KeyboardEventInit) => {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
};
const focus = (el: HTMLElement) => el.focus();
const selectNode = (node: Node) => {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
};
/** A copy/cut event as Chromium fires it, with the DataTransfer it would write if cancelled. */
function clipboardEvent(type: 'copy' | 'cut', target: Element) {
  const cleared: string[] = [];
  const event = new Event(type, { bubbles: true, cancelable: true }) as Event & { clipboardData: { clearData(): void } };
  Object.defineProperty(event, 'clipboardData', { value: { clearData: () => cleared.push(type) } });
  target.dispatchEvent(event);
  return { prevented: event.defaultPrevented, cleared };
}
const article = { articleId: 12, version: 4 };

describe('page guard: keys', () => {
  it('blocks copy, cut, select-all, print, save and the menu key over the article, each reported with id and version', () => {
    const { reports, el } = page();
    const body = document.body;
    selectNode(el('para'));
    expect(keydown(body, { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(true);
    expect(keydown(body, { key: 'Insert', code: 'Insert', ctrlKey: true })).toBe(true);
    expect(keydown(body, { key: 'x', code: 'KeyX', metaKey: true })).toBe(true);
    expect(keydown(body, { key: 'Delete', code: 'Delete', shiftKey: true })).toBe(true);
    expect(keydown(body, { key: 'a', code: 'KeyA', ctrlKey: true })).toBe(true);
    expect(keydown(body, { key: 'p', code: 'KeyP', ctrlKey: true })).toBe(true);
    expect(keydown(body, { key: 's', code: 'KeyS', ctrlKey: true })).toBe(true);
    expect(keydown(body, { key: 'ContextMenu', code: 'ContextMenu' })).toBe(true);
    expect(reports).toEqual([
      { attempt: 'copy', via: 'keyboard', ...article },
      { attempt: 'copy', via: 'keyboard-insert', ...article },
      { attempt: 'cut', via: 'keyboard', ...article },
      { attempt: 'cut', via: 'keyboard-delete', ...article },
      { attempt: 'select-all', via: 'keyboard', ...article },
      { attempt: 'print', via: 'keyboard', ...article },
      { attempt: 'save', via: 'keyboard', ...article },
      { attempt: 'context-menu', via: 'keyboard', ...article },
    ]);
    // Another layout: the physical C key still counts.
    expect(keydown(body, { key: 'с', code: 'KeyC', ctrlKey: true })).toBe(true);
  });

  it('lets the same keys edit text in an agent’s own field, but never in a sensitive one', () => {
    const { reports, el } = page();
    for (const id of ['field', 'notes']) {
      focus(el(id));
      expect(keydown(el(id), { key: 'a', code: 'KeyA', ctrlKey: true })).toBe(false);
      expect(keydown(el(id), { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(false);
      expect(keydown(el(id), { key: 'x', code: 'KeyX', ctrlKey: true })).toBe(false);
      expect(keydown(el(id), { key: 'Insert', code: 'Insert', ctrlKey: true })).toBe(false);
      expect(keydown(el(id), { key: 'ContextMenu', code: 'ContextMenu' })).toBe(false);
      // Print and save are never editing keys.
      expect(keydown(el(id), { key: 'p', code: 'KeyP', ctrlKey: true })).toBe(true);
    }
    focus(el('card'));
    expect(keydown(el('card'), { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(true);
    // Plain typing and paste pass everywhere.
    expect(keydown(el('card'), { key: 'v', code: 'KeyV', ctrlKey: true })).toBe(false);
    expect(keydown(document.body, { key: 'c', code: 'KeyC' })).toBe(false);
    expect(reports.map((r) => r.attempt)).toEqual(['print', 'print', 'copy']);
  });

  it('blocks copy on a button (not an editable field) too', () => {
    const { el } = page();
    focus(el('button'));
    expect(keydown(el('button'), { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(true);
  });
});

describe('page guard: events', () => {
  it('cancels copy and cut events whose selection touches the article, with empty data', () => {
    const { reports, el } = page();
    selectNode(el('para'));
    expect(clipboardEvent('copy', el('para'))).toEqual({ prevented: true, cleared: ['copy'] });
    expect(clipboardEvent('cut', el('para'))).toEqual({ prevented: true, cleared: ['cut'] });
    // A selection around the whole page (select-all by script) touches it too.
    selectNode(document.body);
    expect(clipboardEvent('copy', document.body).prevented).toBe(true);
    expect(reports.slice(0, 2)).toEqual([
      { attempt: 'copy', via: 'clipboard-event', ...article },
      { attempt: 'cut', via: 'clipboard-event', ...article },
    ]);
  });

  it('leaves a copy in the agent’s field alone', () => {
    const { reports, el } = page();
    document.getSelection()!.removeAllRanges();
    focus(el('field'));
    expect(clipboardEvent('copy', el('field'))).toEqual({ prevented: false, cleared: [] });
    expect(reports).toEqual([]);
  });

  it('cancels the context menu, selection starts and drags inside the article only', () => {
    const { reports, el } = page();
    const fire = (type: string, target: Element, init: MouseEventInit = {}) => {
      const event = type === 'selectstart' ? new Event(type, { bubbles: true, cancelable: true }) : new MouseEvent(type, { bubbles: true, cancelable: true, ...init });
      target.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(fire('contextmenu', el('para'), { button: 2 })).toBe(true);
    expect(fire('contextmenu', el('field'), { button: 2 })).toBe(false);
    // A click to read: selection refused, nothing reported; the same press pulling across the text is.
    el('para').dispatchEvent(new MouseEvent('mousedown', { bubbles: true, detail: 1, clientX: 10, clientY: 10 }));
    expect(fire('selectstart', el('para'))).toBe(true);
    el('para').dispatchEvent(new MouseEvent('mousemove', { bubbles: true, buttons: 1, clientX: 11, clientY: 10 }));
    expect(reports.map((r) => r.attempt)).toEqual(['context-menu']);
    el('para').dispatchEvent(new MouseEvent('mousemove', { bubbles: true, buttons: 1, clientX: 60, clientY: 12 }));
    el('para').dispatchEvent(new MouseEvent('mousemove', { bubbles: true, buttons: 1, clientX: 90, clientY: 12 }));
    el('para').dispatchEvent(new MouseEvent('dblclick', { bubbles: true, detail: 2 }));
    expect(fire('selectstart', el('field'))).toBe(false);
    el('field').dispatchEvent(new MouseEvent('dblclick', { bubbles: true, detail: 2 }));
    expect(fire('dragstart', el('img'))).toBe(true);
    expect(fire('dragstart', el('link'))).toBe(true);
    expect(fire('dragstart', el('para'))).toBe(true);
    expect(fire('dragstart', el('button'))).toBe(false);
    // An image pulled with the pointer counts as a drag even where no dragstart fires (draggable=false).
    el('img').dispatchEvent(new MouseEvent('mousedown', { bubbles: true, detail: 1, clientX: 5, clientY: 5 }));
    el('img').dispatchEvent(new MouseEvent('mousemove', { bubbles: true, buttons: 1, clientX: 50, clientY: 5 }));
    expect(reports.map((r) => `${r.attempt}/${r.via}`)).toEqual([
      'context-menu/mouse',
      'select/mouse',
      'select/double-click',
      'drag/image',
      'drag/link',
      'drag/text',
      'drag/image',
    ]);
  });

  it('collapses a selection made by script that reaches into the article', () => {
    const { reports, el } = page();
    selectNode(el('para'));
    document.dispatchEvent(new Event('selectionchange'));
    expect(document.getSelection()!.rangeCount).toBe(0);
    selectNode(el('button'));
    document.dispatchEvent(new Event('selectionchange'));
    expect(document.getSelection()!.rangeCount).toBe(1);
    expect(reports).toEqual([{ attempt: 'select', via: 'selection-api', ...article }]);
  });

  it('reports what the main-world export guard refused, only kinds of the contract', () => {
    const { reports } = page();
    document.dispatchEvent(new CustomEvent(EXPORT_BLOCKED_EVENT, { detail: { attempt: 'print', via: 'window-print' } }));
    document.dispatchEvent(new CustomEvent(EXPORT_BLOCKED_EVENT, { detail: { attempt: 'copy', via: 'exec-command' } }));
    document.dispatchEvent(new CustomEvent(EXPORT_BLOCKED_EVENT, { detail: { attempt: 'steal', via: 'exec-command' } }));
    document.dispatchEvent(new CustomEvent(EXPORT_BLOCKED_EVENT, { detail: null }));
    expect(reports).toEqual([
      { attempt: 'print', via: 'window-print', ...article },
      { attempt: 'copy', via: 'exec-command', ...article },
    ]);
  });

  it('reports nothing without an article on screen, and stops when uninstalled', () => {
    const { reports, el, uninstall } = page();
    uninstall();
    selectNode(el('para'));
    expect(keydown(document.body, { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(false);
    const second = installPageGuard({ window, report: (a) => reports.push(a) });
    document.querySelector('[data-desk-protected]')!.remove();
    expect(keydown(document.body, { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(true);
    expect(reports).toEqual([]);
    second();
  });
});

describe('ProtectedArticle', () => {
  async function mount(fake: FakeDesk) {
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    stores = createAppStores({ desk: fake.desk, root: null });
    stopSession = stores.session.getState().start();
    const view = render(
      <AppStoresProvider stores={stores}>
        <ProtectedArticle articleId={12} version={4}>
          <p id="para">年费减免规则</p>
        </ProtectedArticle>
      </AppStoresProvider>,
    );
    await settle();
    return view;
  }

  it('marks the region, reports blocked attempts over kb.report-blocked and removes its guard on unmount', async () => {
    const fake = createFakeDesk({ accounts: [AGENT] });
    const view = await mount(fake);
    const region = screen.getByTestId('kb-protected');
    expect(region.getAttribute('data-desk-protected')).toBe('kb');
    expect(region.getAttribute('data-desk-article-id')).toBe('12');
    expect(region.getAttribute('data-desk-article-version')).toBe('4');
    selectNode(document.getElementById('para')!);
    expect(keydown(document.body, { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(true);
    // The same attempt again at once is sent once (core rate-limits again).
    expect(keydown(document.body, { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(true);
    await settle();
    // jsdom fires selectionchange after the script's selection: the guard collapsed it too.
    expect(fake.kbBlocked).toEqual([
      { attempt: 'copy', via: 'keyboard', ...article },
      { attempt: 'select', via: 'selection-api', ...article },
    ]);
    view.unmount();
    expect(keydown(document.body, { key: 'c', code: 'KeyC', ctrlKey: true })).toBe(false);
  });

  it('blurs the article while the window is unfocused when the policy says so', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], policy: { idleLockSeconds: 3600, watermark: true, kbBlurUnfocused: true } });
    await mount(fake);
    act(() => void window.dispatchEvent(new Event('blur')));
    expect(screen.getByTestId('kb-protected').className).toContain('kb-protected--blurred');
    expect(screen.getByTestId('kb-protected-veil').textContent).toBe('窗口未激活，文章内容已隐藏。回到本窗口即可继续阅读。');
    const hasFocus = document.hasFocus;
    document.hasFocus = () => true;
    act(() => void window.dispatchEvent(new Event('focus')));
    document.hasFocus = hasFocus;
    expect(screen.getByTestId('kb-protected').className).not.toContain('kb-protected--blurred');
    expect(screen.queryByTestId('kb-protected-veil')).toBeNull();
  });

  it('never blurs when the policy does not ask for it', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], policy: { idleLockSeconds: 3600, watermark: true } });
    await mount(fake);
    act(() => void window.dispatchEvent(new Event('blur')));
    expect(screen.getByTestId('kb-protected').className).not.toContain('kb-protected--blurred');
  });
});
