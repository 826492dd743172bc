import { describe, expect, it } from 'vitest';
import { INPUT_AREA_CHANNEL, type KbBlockedAttempt } from '../contract/kb-protection.ts';
import type { InvokeEvent } from './bridge/ipc-main.ts';
import { DEFAULT_CLIPBOARD_RULES, type ClipboardRules } from '../contract/protected-area.ts';
import { createInputAreaTracker, registerInputAreaChannel } from './input-area.ts';
import type { SecurityEvent } from './security-events.ts';
import { FakeFrame, FakeIpcMain, FakeWebContents } from './testing/fake-electron.ts';
import { createWebContentsRegistry } from './window-registry.ts';

function setup(rules: ClipboardRules = DEFAULT_CLIPBOARD_RULES) {
  const ipcMain = new FakeIpcMain();
  const registry = createWebContentsRegistry<FakeWebContents>();
  const ours = new FakeWebContents('app://desk/index.html');
  registry.add(ours);
  const reported: KbBlockedAttempt[] = [];
  let inForce = rules;
  const tracker = createInputAreaTracker(
    (a) => reported.push(a),
    () => inForce,
  );
  const audits: SecurityEvent[] = [];
  registerInputAreaChannel(ipcMain, { tracker, isOwnContents: (c) => registry.has(c), audit: (e) => audits.push(e) });
  const send = async (event: InvokeEvent, ...args: unknown[]) => {
    const handler = ipcMain.handlers.get(INPUT_AREA_CHANNEL);
    if (!handler) throw new Error('no input-area handler');
    return handler(event as never, ...args);
  };
  return { ours, tracker, audits, reported, send, setRules: (r: ClipboardRules) => (inForce = r) };
}
const fromMainFrame = (contents: FakeWebContents): InvokeEvent => ({ sender: contents, senderFrame: contents.mainFrame });
const editable = { area: 'editable', selectionProtected: false, article: { articleId: 3, version: 2 } } as const;
const UNKNOWN = { area: 'other', selectionProtected: true, article: null };

describe('input area channel (preload observer → main)', () => {
  it('is not a desk channel: window.desk has no way to send it', async () => {
    const { invokeChannels } = await import('../contract/channels.ts');
    expect(Object.keys(invokeChannels).some((c) => `desk:${c}` === INPUT_AREA_CHANNEL || c === INPUT_AREA_CHANNEL)).toBe(false);
  });

  it('starts unknown (copy-out blocked) and follows what our own top frame reports', async () => {
    const { ours, tracker, send } = setup();
    expect(tracker.current(ours)).toEqual(UNKNOWN);
    await expect(send(fromMainFrame(ours), editable)).resolves.toEqual(DEFAULT_CLIPBOARD_RULES);
    expect(tracker.current(ours)).toEqual(editable);
    await send(fromMainFrame(ours), { area: 'protected', selectionProtected: true, article: { articleId: 3, version: 2 } });
    expect(tracker.current(ours).area).toBe('protected');
  });

  it.each([
    ['an unknown area', { ...editable, area: 'anywhere' }],
    ['an extra field', { ...editable, text: '年费减免规则' }],
    ['a bad article id', { ...editable, article: { articleId: -1, version: 2 } }],
    ['no payload', undefined],
    ['null', null],
    ['the report in an array', [editable]],
    ['a string', 'editable'],
    ['a __proto__ key', JSON.parse('{"area":"editable","selectionProtected":false,"article":null,"__proto__":{"area":"editable"}}') as unknown],
    ['selectionProtected as a string', { ...editable, selectionProtected: 'false' }],
    ['a huge article id', { ...editable, article: { articleId: 1e308, version: 2 } }],
  ])('falls back to unknown (blocked) on %s', async (_name, payload) => {
    const { ours, tracker, send } = setup();
    await send(fromMainFrame(ours), editable);
    await send(fromMainFrame(ours), ...(payload === undefined ? [] : [payload]));
    expect(tracker.current(ours)).toEqual(UNKNOWN);
  });

  it('falls back to unknown (blocked) when a valid report comes with a second argument', async () => {
    const { ours, tracker, send } = setup();
    await send(fromMainFrame(ours), editable);
    await send(fromMainFrame(ours), editable, editable);
    expect(tracker.current(ours)).toEqual(UNKNOWN);
  });

  it('ignores and audits a stranger (sub-frame, foreign webContents, other origin); our area stays as it was', async () => {
    const { ours, tracker, audits, send } = setup();
    await send(fromMainFrame(ours), { ...editable, area: 'protected' });
    const sub = new FakeFrame('app://desk/index.html');
    await send({ sender: ours, senderFrame: sub }, editable);
    const foreign = new FakeWebContents('app://desk/index.html');
    await send(fromMainFrame(foreign), editable);
    const evil = new FakeWebContents('https://evil.example/');
    await send(fromMainFrame(evil), editable);
    expect(tracker.current(ours).area).toBe('protected');
    expect(tracker.current(foreign)).toEqual(UNKNOWN);
    expect(audits.map((a) => [a.kind, a.detail])).toEqual([
      ['ipc-forbidden-sender', `${INPUT_AREA_CHANNEL}:sub-frame`],
      ['ipc-forbidden-sender', `${INPUT_AREA_CHANNEL}:foreign-webcontents`],
      ['ipc-forbidden-sender', `${INPUT_AREA_CHANNEL}:foreign-webcontents`],
    ]);
  });

  it('answers our own frame with the clipboard rules in force (a fresh copy each time), a stranger with null', async () => {
    const strict = { copyFromOwnFields: false, pasteIntoFields: false };
    const { ours, tracker, send, setRules } = setup(strict);
    expect(tracker.rules()).toEqual(strict);
    await expect(send(fromMainFrame(ours), editable)).resolves.toEqual(strict);
    setRules({ copyFromOwnFields: true, pasteIntoFields: false });
    await expect(send(fromMainFrame(ours), { ...editable, area: 'other' })).resolves.toEqual({ copyFromOwnFields: true, pasteIntoFields: false });
    // A malformed report still learns the rules (they are no secret); its area is unknown.
    await expect(send(fromMainFrame(ours), 'editable')).resolves.toEqual({ copyFromOwnFields: true, pasteIntoFields: false });
    await expect(send(fromMainFrame(new FakeWebContents('https://evil.example/')), editable)).resolves.toBeNull();
  });

  it('without a rules source, uses the defaults (no clipboard policy: both allowed)', () => {
    expect(createInputAreaTracker(() => undefined).rules()).toEqual({ copyFromOwnFields: true, pasteIntoFields: true });
  });

  it('hands kb reports to its reporter', () => {
    const { tracker, reported } = setup();
    tracker.reportKb({ attempt: 'save', via: 'keyboard', articleId: 3, version: 2 });
    expect(reported).toEqual([{ attempt: 'save', via: 'keyboard', articleId: 3, version: 2 }]);
  });
});
