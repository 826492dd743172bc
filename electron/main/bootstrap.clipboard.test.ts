import { describe, expect, it } from 'vitest';
import { IPC_PREFIX } from '../contract/channels.ts';
import { INPUT_AREA_CHANNEL } from '../contract/kb-protection.ts';
import { PRIMARY_SELECTION_CHANNEL } from '../contract/primary-selection.ts';
import type { InvokeEvent } from './bridge/ipc-main.ts';
import { run, useBootWorld, type World } from './testing/boot-world.ts';
import { FakeWebContents } from './testing/fake-electron.ts';

/**
 * Main's input guard follows the institution's clipboard policy (issue #9) with fake Electron
 * and everything else real: the signed profile's policy to begin with, then what the core
 * announces (`policy.changed`: GET /me at sign-in, the institution's pushes).
 */
const boot = useBootWorld();
const EDITABLE = { area: 'editable', selectionProtected: false, article: null } as const;
const KEY = { type: 'keyDown', meta: false, alt: false } as const;
const CTRL_V = { ...KEY, key: 'v', code: 'KeyV', control: true, shift: false };
const CTRL_C = { ...KEY, key: 'c', code: 'KeyC', control: true, shift: false };

async function setPolicy(clipboard: { copyFromOwnFields: boolean; pasteIntoFields: boolean }): Promise<void> {
  const admin = await boot.institution.token('ADM01', 'Admin#2026');
  expect((await boot.institution.call('PUT', '/admin/policy', { token: admin, body: { clipboard } })).status).toBe(200);
}

/** Starts main, announces the window's webContents (the input guard attaches) and puts the input in an agent's field. */
async function deskInAField(w: World) {
  const started = await run(w);
  expect(w.errors).toEqual([]);
  if (!started) throw new Error('bootstrap did not start');
  const ours = started.window.webContents as FakeWebContents;
  w.app.emit('web-contents-created', {}, ours);
  const from: InvokeEvent = { sender: ours, senderFrame: ours.mainFrame };
  const report = () => w.ipcMain.handlers.get(INPUT_AREA_CHANNEL)!(from as never, EDITABLE);
  const blocked = (input: object) => {
    let prevented = false;
    ours.emit('before-input-event', { preventDefault: () => (prevented = true) }, input);
    return prevented;
  };
  const login = () => w.ipcMain.handlers.get(`${IPC_PREFIX}session.login`)!(from as never, { operatorId: 'A1001', password: 'Agent#2026' });
  return { report, blocked, login };
}

describe('bootstrap: the clipboard policy reaches the input guard', () => {
  it('follows policy.changed: the institution turns paste off (sign-in), then on again (push)', async () => {
    await setPolicy({ copyFromOwnFields: true, pasteIntoFields: true });
    const w = await boot.world();
    const desk = await deskInAField(w);
    await expect(desk.report()).resolves.toEqual({ copyFromOwnFields: true, pasteIntoFields: true });
    expect(desk.blocked(CTRL_V)).toBe(false);

    await setPolicy({ copyFromOwnFields: true, pasteIntoFields: false });
    expect(await desk.login()).toMatchObject({ ok: true });
    // GET /me at sign-in carried the new policy; the core announced it; main follows.
    expect(desk.blocked(CTRL_V)).toBe(true);
    expect(desk.blocked(CTRL_C)).toBe(false);
    await expect(desk.report()).resolves.toEqual({ copyFromOwnFields: true, pasteIntoFields: false });

    await setPolicy({ copyFromOwnFields: false, pasteIntoFields: true });
    await expect.poll(() => desk.blocked(CTRL_V), { timeout: 15_000 }).toBe(false);
    expect(desk.blocked(CTRL_C)).toBe(true);
  });

  it('starts from the signed profile: a workstation whose profile turns paste off blocks it before anyone signs in', async () => {
    await setPolicy({ copyFromOwnFields: false, pasteIntoFields: false });
    const w = await boot.world();
    const desk = await deskInAField(w);
    await expect(desk.report()).resolves.toEqual({ copyFromOwnFields: false, pasteIntoFields: false });
    expect(desk.blocked(CTRL_V)).toBe(true);
    expect(desk.blocked(CTRL_C)).toBe(true);
  });
});

describe('bootstrap: the Linux selection clipboard', () => {
  it('on Linux, empties the selection buffer when our window asks (Electron clipboard, type selection), never for a stranger', async () => {
    const w = await boot.world();
    const started = await run(w);
    expect(w.errors).toEqual([]);
    if (!started) throw new Error('bootstrap did not start');
    const ours = started.window.webContents as FakeWebContents;
    const handler = w.ipcMain.handlers.get(PRIMARY_SELECTION_CHANNEL);
    expect(handler).toBeDefined();
    const cleared = () => w.calls.filter((c) => c.startsWith('clipboard.'));
    await expect(handler!({ sender: ours, senderFrame: ours.mainFrame } as never)).resolves.toBe(true);
    expect(cleared()).toEqual(['clipboard.writeText:selection:']);
    const stranger = new FakeWebContents('https://evil.example/');
    await expect(handler!({ sender: stranger, senderFrame: stranger.mainFrame } as never)).resolves.toBe(false);
    expect(cleared()).toEqual(['clipboard.writeText:selection:']);
  });

  it.each(['win32', 'darwin'])('on %s there is no selection clipboard and no such channel', async (platform) => {
    const w = await boot.world();
    w.options.platform = platform;
    expect(await run(w)).toBeDefined();
    expect(w.errors).toEqual([]);
    expect(w.ipcMain.handlers.has(PRIMARY_SELECTION_CHANNEL)).toBe(false);
  });
});
