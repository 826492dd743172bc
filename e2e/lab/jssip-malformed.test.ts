/**
 * Malformed SIP from the network never escapes JsSIP (3.13.8) into the phone and never leaves
 * it stuck: a JsSIP UA configured as the phone's registrar (renderer jssip-ua.ts: register,
 * 1–4 s connection recovery) on the phone's GuardedWebSocket, against a fake SBC on 127.0.0.1
 * that answers REGISTER with broken messages before (or instead of) a valid 200. Runs in Node:
 * registration needs only a WebSocket (Node's global one), no WebRTC.
 *
 * Not in the list on purpose: a well-formed 200 without our Contact. JsSIP completes the
 * REGISTER transaction with it, ignores it and neither registers nor fails; the phone's
 * register watchdog covers that (renderer register-watchdog.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeSipServer, type FakeSipConnection, type FakeSipServer } from './testing/fake-sip-ws-server.ts';
import { UA } from 'jssip';
import { GuardedWebSocket } from '../../renderer/src/features/phone/guarded-socket.ts';

const DOMAIN = 'lab.channeldesk.test';

/** The headers of a request we answer, copied as a UAS must (Via, From, To, Call-ID, CSeq). */
function requestHeaders(text: string): { method: string; via: string; from: string; to: string; callId: string; cseq: string; contact: string } {
  const lines = text.split('\r\n');
  const get = (name: string): string => lines.find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? '';
  return { method: (lines[0] ?? '').split(' ')[0] ?? '', via: get('Via'), from: get('From'), to: get('To'), callId: get('Call-ID'), cseq: get('CSeq'), contact: get('Contact') };
}

function response(request: ReturnType<typeof requestHeaders>, statusLine: string, extra: string[] = [], omit: string[] = []): string {
  const headers = [
    ['Via', request.via],
    ['From', request.from],
    ['To', `${request.to};tag=${randomBytes(4).toString('hex')}`],
    ['Call-ID', request.callId],
    ['CSeq', request.cseq],
  ]
    .filter(([name]) => !omit.includes(name ?? ''))
    .map(([name, value]) => `${name}: ${value}`);
  return [statusLine, ...headers, ...extra, 'Content-Length: 0', '', ''].join('\r\n');
}

/** Broken answers to one REGISTER (each would match its transaction if JsSIP accepted it). */
function malformedAnswers(request: ReturnType<typeof requestHeaders>): (string | Buffer)[] {
  return [
    response(request, 'SIP/2.0 2x0 OK'),
    response(request, 'SIP/2.0 200 OK', [], ['Call-ID', 'CSeq']),
    response(request, 'SIP/2.0 200 OK', [], ['Via']),
    response(request, 'SIP/2.0 200 OK', ['Contact: <<<sip:@@'], []),
    response(request, 'SIP/2.0 200 OK', [`X-Long: ${'x'.repeat(70_000)}`, 'Contact: <<<']),
    response(request, 'SIP/2.0 200 OK', ['Contact: <<<']).replace('Content-Length: 0', 'Content-Length: 99999'),
    // JsSIP throws a TypeError on this one (unparsable CSeq in a response): GuardedWebSocket drops it.
    response(request, 'SIP/2.0 200 OK').replace(`CSeq: ${request.cseq}`, 'CSeq: x REGISTER'),
    response(request, 'SIP/2.0 401 Unauthorized', ['WWW-Authenticate: Digest ,,,=']),
    'SIP/2.0 200 OK\r\n\r\n',
    '\u0000\u0000\u0000',
    '',
    randomBytes(2048),
    `INVITE sip:x SIP/2.0\r\nVia: nonsense\r\nFrom: <sip:a@b>\r\nTo: <<<\r\nCall-ID: \r\nCSeq: one INVITE\r\nContent-Length: 5\r\n\r\nv=0`,
    `BYE sip:A1001@${DOMAIN} SIP/2.0\r\nVia: SIP/2.0/WSS x.invalid;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n`,
  ];
}

function ok(request: ReturnType<typeof requestHeaders>): string {
  return response(request, 'SIP/2.0 200 OK', [`Contact: ${request.contact.replace(/;expires=\d+/, '')};expires=300`]);
}

function send(connection: FakeSipConnection, message: string | Buffer): void {
  if (typeof message === 'string') connection.send(message);
  else connection.send(message, 2);
}

let server: FakeSipServer | undefined;
let ua: UA | undefined;
afterEach(async () => {
  ua?.stop();
  ua = undefined;
  await server?.close();
  server = undefined;
});

type UaEvent = 'registered' | 'unregistered' | 'registrationFailed' | 'disconnected';

/** The phone's UA settings (jssip-ua.ts); `events` gets what the registrar turns into 已注册 / 已断开. */
function startPhone(url: string, events: UaEvent[], dropped: unknown[]): UA {
  const started = new UA({
    sockets: [{ socket: new GuardedWebSocket(url, (error) => dropped.push(error)), weight: 1 }],
    uri: `sip:A1001@${DOMAIN}`,
    authorization_user: '1999999999:A1001',
    password: 'not-checked-here',
    register: true,
    register_expires: 300,
    connection_recovery_min_interval: 1,
    connection_recovery_max_interval: 4,
    user_agent: 'ChannelDesk',
  });
  for (const name of ['registered', 'unregistered', 'registrationFailed', 'disconnected'] as const) started.on(name, () => events.push(name));
  started.start();
  return started;
}

describe('JsSIP fed malformed SIP', () => {
  it('broken answers before a valid 200: nothing throws out of the UA and the phone registers', async () => {
    server = await startFakeSipServer();
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      server.onMessage((text, connection) => {
        const request = requestHeaders(text);
        if (request.method !== 'REGISTER') return;
        for (const message of malformedAnswers(request)) send(connection, message);
        connection.send(ok(request));
      });
      const events: UaEvent[] = [];
      const dropped: unknown[] = [];
      ua = startPhone(server.url, events, dropped);
      await vi.waitFor(() => expect(events).toContain('registered'), { timeout: 10_000, interval: 50 });
      expect(errors).toEqual([]);
      // The one JsSIP would have thrown out of the WebSocket handler (the unparsable CSeq).
      expect(dropped.map(String)).toEqual([expect.stringMatching(/TypeError/)]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('only garbage, then the connection drops: the phone says it is not registered, reconnects and registers once the SBC answers properly', async () => {
    server = await startFakeSipServer();
    let connectionsSeen = 0;
    const seen = new WeakSet<FakeSipConnection>();
    server.onMessage((text, connection) => {
      const request = requestHeaders(text);
      if (request.method !== 'REGISTER') return;
      if (!seen.has(connection)) {
        seen.add(connection);
        connectionsSeen += 1;
      }
      if (connectionsSeen === 1) {
        for (const message of malformedAnswers(request)) send(connection, message);
        connection.close();
        return;
      }
      connection.send(ok(request));
    });
    const events: UaEvent[] = [];
    ua = startPhone(server.url, events, []);
    // What the registrar shows as 已断开 (network).
    await vi.waitFor(() => expect(events).toContain('disconnected'), { timeout: 10_000, interval: 50 });
    // JsSIP reconnects within its 1–4 s recovery interval and registers on the new connection.
    await vi.waitFor(() => expect(events.at(-1)).toBe('registered'), { timeout: 15_000, interval: 100 });
    expect(connectionsSeen).toBe(2);
  });
});
