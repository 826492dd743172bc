// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import type { KbBlockedAttempt } from '../../../../../electron/contract/kb-protection.ts';
import type { ClipboardRules } from '../../../../../electron/contract/protected-area.ts';
import { AppStoresProvider } from '../../../state/context.tsx';
import { createAppStores, type AppStores } from '../../../state/app-stores.ts';
import { AGENT, createFakeDesk } from '../../../test-support/fake-desk.ts';
import { ProtectedArticle } from './ProtectedArticle.tsx';
import { installPageGuard } from './page-guard.ts';

/** The page guard under the institution's clipboard policy (issue #9). */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const settle = () =>
  act(async () => {
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  });

const undo: (() => void)[] = [];
let stores: AppStores | null = null;
afterEach(() => {
  cleanup();
  for (const u of undo.splice(0).reverse()) u();
  stores?.dispose();
  stores = null;
  document.body.innerHTML = '';
});

const PAGE = `<input id="field" type="text" value="my note"><input id="card" data-desk-sensitive value="6222">
  <div data-desk-protected="kb" data-desk-article-id="12" data-desk-article-version="4"><p id="para">年费</p></div>`;
const el = (id: string) => document.getElementById(id)!;
const keydown = (target: HTMLElement, init: KeyboardEventInit) => {
  target.focus();
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
};
const copyEvent = (target: HTMLElement, type: 'copy' | 'cut' = 'copy') => {
  target.focus();
  const cleared: string[] = [];
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { clearData: () => cleared.push(type) } });
  target.dispatchEvent(event);
  return { prevented: event.defaultPrevented, cleared };
};
const CTRL_C = { key: 'c', code: 'KeyC', ctrlKey: true };
const CTRL_X = { key: 'x', code: 'KeyX', ctrlKey: true };
const CTRL_A = { key: 'a', code: 'KeyA', ctrlKey: true };

describe('page guard: clipboard policy', () => {
  function guarded(rules: ClipboardRules) {
    document.body.innerHTML = PAGE;
    const reports: KbBlockedAttempt[] = [];
    let inForce = rules;
    undo.push(installPageGuard({ window, report: (a) => reports.push(a), rules: () => inForce }));
    return { reports, set: (r: ClipboardRules) => (inForce = r) };
  }

  it('closes the agent’s own fields to copy and cut when the policy says so — select-all still works, the article is not blamed', () => {
    const g = guarded({ copyFromOwnFields: false, pasteIntoFields: true });
    expect(keydown(el('field'), CTRL_C)).toBe(true);
    expect(keydown(el('field'), CTRL_X)).toBe(true);
    expect(keydown(el('field'), CTRL_A)).toBe(false);
    expect(copyEvent(el('field'))).toEqual({ prevented: true, cleared: ['copy'] });
    expect(copyEvent(el('field'), 'cut')).toEqual({ prevented: true, cleared: ['cut'] });
    expect(g.reports).toEqual([]);
    // The rules are asked on every key: the policy opens the fields again, no reinstall.
    g.set({ copyFromOwnFields: true, pasteIntoFields: true });
    expect(keydown(el('field'), CTRL_C)).toBe(false);
    expect(copyEvent(el('field'))).toEqual({ prevented: false, cleared: [] });
  });

  it('never opens the article or a sensitive field, whatever the policy', () => {
    const g = guarded({ copyFromOwnFields: true, pasteIntoFields: true });
    expect(keydown(el('card'), CTRL_C)).toBe(true);
    expect(copyEvent(el('card')).prevented).toBe(true);
    const range = document.createRange();
    range.selectNodeContents(el('para'));
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    expect(keydown(document.body, CTRL_C)).toBe(true);
    expect(g.reports.filter((r) => r.via === 'keyboard').map((r) => r.attempt)).toEqual(['copy', 'copy']);
  });
});

describe('ProtectedArticle passes the session’s policy to the page guard', () => {
  it('follows policy.changed while the article stays open', async () => {
    const fake = createFakeDesk({ accounts: [AGENT], policy: { idleLockSeconds: 3600, watermark: true, clipboard: { copyFromOwnFields: false, pasteIntoFields: false } } });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    stores = createAppStores({ desk: fake.desk, root: null });
    undo.push(stores.session.getState().start());
    render(
      <AppStoresProvider stores={stores}>
        <input id="field" type="text" defaultValue="my note" />
        <ProtectedArticle articleId={12} version={4}>
          <p>年费</p>
        </ProtectedArticle>
      </AppStoresProvider>,
    );
    await settle();
    expect(keydown(el('field'), CTRL_C)).toBe(true);
    act(() => fake.setPolicy({ idleLockSeconds: 3600, watermark: true }));
    await settle();
    expect(keydown(el('field'), CTRL_C)).toBe(false);
    expect(fake.kbBlocked).toEqual([]);
  });
});
