// @vitest-environment jsdom
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../contract/channels.ts';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { IceDecision, IceRequest } from '../contract/ice-policy.ts';
import { installWebRtcGuard } from '../contract/webrtc-guard.ts';
import { installExportGuard } from '../contract/export-guard.ts';
import { INPUT_AREA_CHANNEL } from '../contract/kb-protection.ts';
import { PRIMARY_SELECTION_CHANNEL } from '../contract/primary-selection.ts';

/** Electron's own preload APIs, faked (the only kind of fake allowed): what did the preload expose and run? */
const bridged = vi.hoisted(() => [] as Array<{ world: 'main-world-script'; func: unknown; args: unknown[] } | { world: 'expose'; key: string; api: unknown }>);
const invoked = vi.hoisted(() => [] as Array<{ channel: string; args: unknown[] }>);
const PROFILE_TURN = 'turn:turn.bank.test:3478?transport=udp';

vi.mock('electron', () => {
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      if (channel === 'desk-guard:input-area') return { copyFromOwnFields: true, pasteIntoFields: true };
      return channel === 'desk:security.ice-servers' ? { ok: true, value: { urls: [PROFILE_TURN] } } : { ok: true, value: null };
    },
  });
  return {
    contextBridge: {
      executeInMainWorld: (script: { func: unknown; args?: unknown[] }) => bridged.push({ world: 'main-world-script', func: script.func, args: script.args ?? [] }),
      exposeInMainWorld: (key: string, api: unknown) => bridged.push({ world: 'expose', key, api }),
    },
    ipcRenderer,
  };
});

const request = (url: string): IceRequest => ({ malformed: false, servers: [{ urls: [url], username: 'u', credential: 'c' }] });

describe('preload entry', () => {
  it('installs the WebRTC and export guards in the main world first, then exposes exactly one frozen `desk` object wired to desk:* IPC', async () => {
    await import('./index.ts');
    expect(bridged.map((b) => (b.world === 'expose' ? `expose:${b.key}` : b.world))).toEqual(['main-world-script', 'main-world-script', 'expose:desk']);
    const guard = bridged[0] as { func: unknown; args: unknown[] };
    expect(guard.func).toBe(installWebRtcGuard);
    // decide + report only: the guard must not receive the window (it uses the main world's own).
    expect(guard.args).toHaveLength(2);
    const exportGuard = bridged[1] as { func: unknown; args: unknown[] };
    expect(exportGuard.func).toBe(installExportGuard);
    expect(exportGuard.args).toEqual([]);

    const desk = (bridged[2] as { api: unknown }).api as {
      session: { info(): Promise<unknown> };
      settings: { set(args: { language: string }): Promise<unknown> };
    };
    expect(Object.isFrozen(desk)).toBe(true);
    // One domain per `<domain>.` prefix in the channel table (desk-api.test.ts checks the members).
    expect(Object.keys(desk).sort()).toEqual([...new Set([...INVOKE_CHANNELS, ...EVENT_CHANNELS].map((c) => c.split('.')[0]))].sort());
    expect(Object.values(desk).every((domain) => Object.isFrozen(domain))).toBe(true);
    await desk.session.info();
    await desk.settings.set({ language: 'en-US' });
    expect(invoked).toEqual([
      { channel: 'desk:security.ice-servers', args: [undefined] },
      // The input-area observer's first report (isolated world → main, not a desk channel).
      { channel: INPUT_AREA_CHANNEL, args: [{ area: 'other', selectionProtected: false, article: null }] },
      { channel: 'desk:session.info', args: [undefined] },
      { channel: 'desk:settings.set', args: [{ language: 'en-US' }] },
    ]);
  });

  it("decides with the profile's list from core and reports refusals over desk:security.report-ice-refused", async () => {
    await import('./index.ts');
    const [decide, report] = (bridged[0] as { args: unknown[] }).args as [(r: IceRequest) => IceDecision, (r: unknown) => void];
    await vi.waitFor(() => expect(decide(request('TURN:turn.bank.test'))).toEqual({ verdict: 'allow', servers: [{ urls: PROFILE_TURN, username: 'u', credential: 'c' }] }));
    const refused = decide(request('stun:evil.example:19302'));
    expect(refused).toEqual({ verdict: 'refuse', refused: { scheme: 'stun', host: 'evil.example', port: 19302 } });
    invoked.length = 0;
    report({ scheme: 'stun', host: 'evil.example', port: 19302, extra: 'dropped' });
    expect(invoked).toEqual([{ channel: 'desk:security.report-ice-refused', args: [{ scheme: 'stun', host: 'evil.example', port: 19302 }] }]);
  });

  it("applies main's clipboard rules to paste events in its own world, and follows policy.changed", async () => {
    await import('./index.ts');
    const { ipcRenderer } = (await import('electron')) as unknown as { ipcRenderer: EventEmitter };
    // jsdom's document (this file type-checks without the DOM lib).
    const doc = (globalThis as unknown as { document: { body: { innerHTML: string }; getElementById(id: string): { focus(): void; dispatchEvent(e: Event): boolean } | null } }).document;
    doc.body.innerHTML = '<input id="field" type="text">';
    const field = doc.getElementById('field')!;
    field.focus();
    const paste = () => {
      const event = new Event('paste', { bubbles: true, cancelable: true });
      field.dispatchEvent(event);
      return event.defaultPrevented;
    };
    // Main's reply to the focus report carries the rules (both allowed).
    await vi.waitFor(() => expect(paste()).toBe(false));
    ipcRenderer.emit('desk:policy.changed', {}, { idleLockSeconds: 300, watermark: true, clipboard: { copyFromOwnFields: true, pasteIntoFields: false } });
    expect(paste()).toBe(true);
    ipcRenderer.emit('desk:policy.changed', {}, { idleLockSeconds: 300, watermark: true });
    expect(paste()).toBe(false);
  });

  it.runIf(process.platform === 'linux')('on Linux, asks main over its own channel to empty the selection clipboard for text selected in a sensitive field', async () => {
    await import('./index.ts');
    type Field = { focus(): void; setSelectionRange(start: number, end: number): void };
    const doc = (globalThis as unknown as { document: { body: { innerHTML: string }; getElementById(id: string): Field | null; dispatchEvent(e: Event): boolean } }).document;
    doc.body.innerHTML = '<input id="card" data-desk-sensitive value="6222 0200 1234 5678">';
    const card = doc.getElementById('card')!;
    invoked.length = 0;
    card.focus();
    card.setSelectionRange(0, 9);
    doc.dispatchEvent(new Event('selectionchange'));
    await vi.waitFor(() => expect(invoked).toContainEqual({ channel: PRIMARY_SELECTION_CHANNEL, args: [] }));
  });
});
