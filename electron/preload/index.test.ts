import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

/** Electron's own preload APIs, faked (the only kind of fake allowed): what did the preload expose? */
const exposed = vi.hoisted(() => [] as Array<{ key: string; api: unknown }>);
const invoked = vi.hoisted(() => [] as Array<{ channel: string; args: unknown[] }>);

vi.mock('electron', () => {
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, value: null };
    },
  });
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) },
    ipcRenderer,
  };
});

describe('preload entry', () => {
  it('exposes exactly one frozen `desk` object wired to desk:* IPC', async () => {
    await import('./index.ts');
    expect(exposed.map((e) => e.key)).toEqual(['desk']);
    const desk = exposed[0]!.api as {
      session: { info(): Promise<unknown> };
      settings: { set(args: { language: string }): Promise<unknown> };
    };
    expect(Object.isFrozen(desk)).toBe(true);
    // One domain per `<domain>.` prefix in the channel table (desk-api.test.ts checks the members).
    expect(Object.keys(desk).sort()).toEqual(['activity', 'audit', 'connection', 'enrollment', 'policy', 'session', 'settings', 'system']);
    expect(Object.values(desk).every((domain) => Object.isFrozen(domain))).toBe(true);
    await desk.session.info();
    await desk.settings.set({ language: 'en-US' });
    expect(invoked).toEqual([
      { channel: 'desk:session.info', args: [undefined] },
      { channel: 'desk:settings.set', args: [{ language: 'en-US' }] },
    ]);
  });
});
