import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IPC_PREFIX } from '../contract/channels.ts';
import { buildDeskApi } from '../contract/desk-api.ts';
import { createIpcTransport } from './ipc-transport.ts';

/** ipcRenderer stand-in: records invokes, answers from a table, and delivers events like Electron (event first). */
class FakeIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  answer: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: null });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answer(channel, args);
  }
  /** What Electron passes as the first listener argument: it exposes the sender, i.e. ipcRenderer itself. */
  deliver(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this, senderId: 0 }, payload, 'extra-arg');
  }
}

describe('createIpcTransport', () => {
  it('invokes desk:<channel> with exactly one argument and returns main\'s DeskResult', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = async (channel) => ({ ok: true, value: `from ${channel}` });
    const transport = createIpcTransport(ipc);
    await expect(transport.invoke('session.unlock', { password: 'pw' })).resolves.toEqual({ ok: true, value: `from ${IPC_PREFIX}session.unlock` });
    expect(ipc.invoked).toEqual([{ channel: `${IPC_PREFIX}session.unlock`, args: [{ password: 'pw' }] }]);
  });

  it('refuses channels outside the contract without touching IPC', async () => {
    const ipc = new FakeIpcRenderer();
    const transport = createIpcTransport(ipc);
    await expect(transport.invoke('shell.openExternal' as never, undefined as never)).resolves.toEqual({ ok: false, error: { code: 'bad_request' } });
    await expect(transport.invoke('__proto__' as never, undefined as never)).resolves.toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(ipc.invoked).toEqual([]);
  });

  it('turns an IPC failure into internal, without its message', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = async () => {
      throw new Error("Error invoking remote method 'desk:session.info': secret");
    };
    await expect(createIpcTransport(ipc).invoke('session.info', undefined)).resolves.toEqual({ ok: false, error: { code: 'internal' } });
  });

  it('hands listeners the payload only — never the event (whose sender is ipcRenderer)', () => {
    const ipc = new FakeIpcRenderer();
    const received: unknown[][] = [];
    createIpcTransport(ipc).subscribe('connection.changed', (...args: unknown[]) => received.push(args));
    ipc.deliver(`${IPC_PREFIX}connection.changed`, 'offline');
    expect(received).toEqual([['offline']]);
  });

  it('unsubscribes exactly its own listener, once', () => {
    const ipc = new FakeIpcRenderer();
    const transport = createIpcTransport(ipc);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = transport.subscribe('session.changed', (p) => a.push(p));
    transport.subscribe('session.changed', (p) => b.push(p));
    stopA();
    stopA();
    ipc.deliver(`${IPC_PREFIX}session.changed`, { status: 'logged-out', reason: null });
    expect(a).toEqual([]);
    expect(b).toHaveLength(1);
    expect(ipc.listenerCount(`${IPC_PREFIX}session.changed`)).toBe(1);
  });

  it('ignores subscriptions to events outside the contract', () => {
    const ipc = new FakeIpcRenderer();
    const stop = createIpcTransport(ipc).subscribe('desk:evil' as never, () => undefined);
    expect(ipc.eventNames()).toEqual([]);
    expect(() => stop()).not.toThrow();
  });
});

describe('window.desk built on the IPC transport', () => {
  it('is frozen all the way down and exposes no IPC object', async () => {
    const ipc = new FakeIpcRenderer();
    const desk = buildDeskApi(createIpcTransport(ipc));
    expect(Object.isFrozen(desk)).toBe(true);
    for (const domain of Object.values(desk)) {
      expect(Object.isFrozen(domain)).toBe(true);
      for (const member of Object.values(domain)) expect(typeof member).toBe('function');
    }
    const seen = new Set<unknown>();
    const walk = (value: unknown): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      expect(value).not.toBe(ipc);
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key]);
    };
    walk(desk);
    await desk.session.info();
    expect(ipc.invoked).toEqual([{ channel: `${IPC_PREFIX}session.info`, args: [undefined] }]);
  });
});
