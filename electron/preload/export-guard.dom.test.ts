// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { installExportGuard } from '../contract/export-guard.ts';

/**
 * The export guard in a real DOM (jsdom), installed once per realm as the preload does. Its
 * source is evaluated alone inside the page's realm (`window.eval`): executeInMainWorld
 * serializes the function, so it must not lean on anything from this module's scope.
 * The realm is this file's own JSDOM, not vitest's jsdom environment: the guard makes
 * `print` non-configurable for good, which that environment's teardown (it deletes every
 * global it copied) cannot undo.
 */
type PageWindow = Window & typeof globalThis;
// jsdom ships no types; only its constructor is needed here.
const JSDOM_MODULE = 'jsdom';
const { JSDOM } = (await import(JSDOM_MODULE)) as { JSDOM: new (html: string, options: { runScripts: 'outside-only' }) => { window: PageWindow } };
const window = new JSDOM('<!doctype html><html><body></body></html>', { runScripts: 'outside-only' }).window;
const document = window.document;
const Document = window.Document;

const announced: unknown[] = [];
const nativeExec: string[] = [];
beforeAll(() => {
  // jsdom has no execCommand or Clipboard: stand-ins record whether the native call ran.
  (Document.prototype as unknown as { execCommand: (c: string) => boolean }).execCommand = (command: string) => (nativeExec.push(command), true);
  class Clipboard {
    writeText(text: string) {
      return Promise.resolve(`wrote ${text}`);
    }
    write() {
      return Promise.resolve('wrote items');
    }
  }
  Object.assign(window, { Clipboard, testClipboard: new Clipboard() });
  document.addEventListener('desk:export-blocked', (e) => announced.push((e as CustomEvent).detail));
  // Evaluated from its source text in the page's realm, as executeInMainWorld does.
  window.eval(`(${installExportGuard.toString()})()`);
});

const page = () => {
  document.body.innerHTML = `<input id="field" value="mine"><div data-desk-protected="kb" data-desk-article-id="1" data-desk-article-version="1"><p id="para">年费</p></div>`;
  return (id: string) => document.getElementById(id)!;
};
const select = (node: Node) => {
  const range = document.createRange();
  range.selectNodeContents(node);
  document.getSelection()!.removeAllRanges();
  document.getSelection()!.addRange(range);
};
const clipboard = () => (window as unknown as { testClipboard: { writeText(t: string): Promise<string>; write(): Promise<string> } }).testClipboard;

describe('export guard (main world)', () => {
  it('window.print never prints, cannot be put back, and is announced', () => {
    announced.length = 0;
    expect(window.print()).toBeUndefined();
    expect(() => Object.defineProperty(window, 'print', { value: () => 'native' })).toThrow(TypeError);
    expect(announced).toEqual([{ attempt: 'print', via: 'window-print' }]);
  });

  it('refuses execCommand copy/cut over protected content and runs everything else', () => {
    const el = page();
    announced.length = 0;
    nativeExec.length = 0;
    select(el('para'));
    expect(document.execCommand('copy')).toBe(false);
    expect(document.execCommand('CUT')).toBe(false);
    select(document.body);
    expect(document.execCommand('copy')).toBe(false);
    document.getSelection()!.removeAllRanges();
    document.body.querySelector('[data-desk-protected]')!.remove();
    select(el('field').parentNode!);
    expect(document.execCommand('copy')).toBe(true);
    expect(document.execCommand('bold')).toBe(true);
    expect(nativeExec).toEqual(['copy', 'bold']);
    expect(announced).toEqual([
      { attempt: 'copy', via: 'exec-command' },
      { attempt: 'cut', via: 'exec-command' },
      { attempt: 'copy', via: 'exec-command' },
    ]);
    expect(() => Object.defineProperty(Document.prototype, 'execCommand', { value: () => true })).toThrow(TypeError);
  });

  it('refuses the Clipboard API while an article is on screen, and only then', async () => {
    page();
    announced.length = 0;
    await expect(clipboard().writeText('年费')).rejects.toThrow('not allowed');
    await expect(clipboard().write()).rejects.toThrow('not allowed');
    document.body.innerHTML = '';
    await expect(clipboard().writeText('ok')).resolves.toBe('wrote ok');
    expect(announced).toEqual([
      { attempt: 'copy', via: 'clipboard-api' },
      { attempt: 'copy', via: 'clipboard-api' },
    ]);
  });
});
