/**
 * The registrar (real JsSIP) against a scripted SBC behind a stand-in WebSocket: a 200 to
 * REGISTER without our Contact is ignored by JsSIP with no event at all; the watchdog then says
 * the phone is not registered and registers again, and the second, proper 200 registers it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from './engine.ts';
import { createRegistrar, type Registrar } from './jssip-ua.ts';

type Script = (register: string, count: number) => string[];

function headerOf(text: string, name: string): string {
  const line = text.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim() ?? '';
}

function ok(register: string, withContact: boolean): string {
  const contact = withContact ? [`Contact: ${headerOf(register, 'Contact').replace(/;expires=\d+/, '')};expires=300`] : [];
  return ['SIP/2.0 200 OK', `Via: ${headerOf(register, 'Via')}`, `From: ${headerOf(register, 'From')}`, `To: ${headerOf(register, 'To')};tag=sbc1`,
    `Call-ID: ${headerOf(register, 'Call-ID')}`, `CSeq: ${headerOf(register, 'CSeq')}`, ...contact, 'Content-Length: 0', '', ''].join('\r\n');
}

/** Just enough of the browser's WebSocket for JsSIP's WebSocketInterface. */
function scriptedWebSocket(script: Script) {
  let registers = 0;
  return class ScriptedWebSocket {
    readonly OPEN = 1;
    readonly CLOSED = 3;
    readyState = 0;
    binaryType = 'blob';
    onopen: (() => void) | null = null;
    onclose: ((event: { wasClean: boolean; code: number; reason: string }) => void) | null = null;
    onmessage: ((event: { data: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    constructor() {
      setTimeout(() => {
        this.readyState = 1;
        this.onopen?.();
      }, 0);
    }
    send(text: string): void {
      if (!text.startsWith('REGISTER ')) return;
      registers += 1;
      const replies = script(text, registers);
      setTimeout(() => replies.forEach((data) => this.onmessage?.({ data })), 0);
    }
    close(): void {
      this.readyState = 3;
      setTimeout(() => this.onclose?.({ wasClean: true, code: 1000, reason: '' }), 0);
    }
  };
}

let registrar: Registrar | undefined;
afterEach(() => {
  registrar?.stop();
  registrar = undefined;
  vi.unstubAllGlobals();
});

function start(script: Script, events: EngineEvent[]): void {
  vi.stubGlobal('WebSocket', scriptedWebSocket(script));
  registrar = createRegistrar((event) => events.push(event), () => undefined, { registerWatchdogMs: 300 });
  registrar.start({ username: '1999999999:A1001', password: 'x', expiresAt: Date.now() + 600_000, uri: 'sip:A1001@lab.channeldesk.test', servers: [{ url: 'wss://sbc.test/ws', weight: 1 }] });
}

const registrations = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'registration' ? [e.registration] : []));

describe('register watchdog', () => {
  it('a 200 without our Contact: 注册中 does not last, the phone says so and registers on the next REGISTER', async () => {
    const events: EngineEvent[] = [];
    start((register, count) => [ok(register, count > 1)], events);
    await vi.waitFor(() => expect(registrations(events).at(-1)?.status).toBe('registered'), { timeout: 5_000, interval: 20 });
    expect(registrations(events).map((r) => r.status)).toEqual(['registering', 'unregistered', 'registered']);
    expect(registrations(events)[1]).toMatchObject({ problem: 'server' });
  });

  it('a proper 200 at once: registered, and the watchdog never fires', async () => {
    const events: EngineEvent[] = [];
    start((register) => [ok(register, true)], events);
    await vi.waitFor(() => expect(registrations(events).at(-1)?.status).toBe('registered'), { timeout: 5_000, interval: 20 });
    // Three watchdog periods with nothing to report.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(registrations(events).map((r) => r.status)).toEqual(['registering', 'registered']);
  });
});
