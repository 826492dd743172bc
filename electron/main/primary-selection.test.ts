import { describe, expect, it } from 'vitest';
import { PRIMARY_SELECTION_CHANNEL } from '../contract/primary-selection.ts';
import { INVOKE_CHANNELS } from '../contract/channels.ts';
import type { InvokeEvent } from './bridge/ipc-main.ts';
import { registerPrimarySelectionGuard, type SelectionClipboardPort } from './primary-selection.ts';
import type { SecurityEvent } from './security-events.ts';
import { FakeFrame, FakeIpcMain, FakeWebContents } from './testing/fake-electron.ts';
import { createWebContentsRegistry } from './window-registry.ts';

/** Electron's clipboard, faked (Electron's own API): one buffer per type, as on Linux. */
class FakeSelectionClipboard implements SelectionClipboardPort {
  readonly buffers = new Map<string, string>();
  readonly writes: Array<[string, string]> = [];
  writeText(text: string, type: 'selection' | 'clipboard' = 'clipboard'): void {
    this.writes.push([type, text]);
    this.buffers.set(type, text);
  }
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const registry = createWebContentsRegistry<FakeWebContents>();
  const ours = new FakeWebContents('app://desk/index.html');
  registry.add(ours);
  const clipboard = new FakeSelectionClipboard();
  const audits: SecurityEvent[] = [];
  registerPrimarySelectionGuard(ipcMain, { clipboard, isOwnContents: (c) => registry.has(c), audit: (e) => audits.push(e) });
  const send = async (event: InvokeEvent, ...args: unknown[]) => {
    const handler = ipcMain.handlers.get(PRIMARY_SELECTION_CHANNEL);
    if (!handler) throw new Error('no primary-selection handler');
    return handler(event as never, ...args);
  };
  return { ours, clipboard, audits, send };
}
const fromMainFrame = (contents: FakeWebContents): InvokeEvent => ({ sender: contents, senderFrame: contents.mainFrame });

describe('primary selection guard (preload observer → main, Linux)', () => {
  it('is not a desk channel: window.desk has no way to send it', () => {
    expect(INVOKE_CHANNELS.some((c: string) => `desk:${c}` === PRIMARY_SELECTION_CHANNEL || c === PRIMARY_SELECTION_CHANNEL)).toBe(false);
  });

  it('empties the selection buffer (never the clipboard) when our own top frame asks', async () => {
    const { ours, clipboard, send } = setup();
    // What Chromium put there when the operator selected a sensitive field's text.
    clipboard.buffers.set('selection', '6222 0200 1234 5678');
    clipboard.buffers.set('clipboard', 'copied on purpose');
    await expect(send(fromMainFrame(ours))).resolves.toBe(true);
    expect(clipboard.buffers.get('selection')).toBe('');
    expect(clipboard.buffers.get('clipboard')).toBe('copied on purpose');
    expect(clipboard.writes).toEqual([['selection', '']]);
  });

  it('ignores arguments: the request carries nothing, and emptying is always safe', async () => {
    const { ours, clipboard, send } = setup();
    await send(fromMainFrame(ours), { text: 'write me' });
    expect(clipboard.writes).toEqual([['selection', '']]);
  });

  it('ignores and audits a stranger (sub-frame, foreign webContents, other origin); the buffer is not touched', async () => {
    const { ours, clipboard, audits, send } = setup();
    await expect(send({ sender: ours, senderFrame: new FakeFrame('app://desk/index.html') })).resolves.toBe(false);
    await send(fromMainFrame(new FakeWebContents('app://desk/index.html')));
    await send(fromMainFrame(new FakeWebContents('https://evil.example/')));
    expect(clipboard.writes).toEqual([]);
    expect(audits.map((a) => [a.kind, a.detail])).toEqual([
      ['ipc-forbidden-sender', `${PRIMARY_SELECTION_CHANNEL}:sub-frame`],
      ['ipc-forbidden-sender', `${PRIMARY_SELECTION_CHANNEL}:foreign-webcontents`],
      ['ipc-forbidden-sender', `${PRIMARY_SELECTION_CHANNEL}:foreign-webcontents`],
    ]);
  });
});
