import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '../../../institution/contract/api.ts';
import { createInstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import { sendJson, startHttpsServer, type TestHandler, type TestServer } from '../api/testing/https-server.ts';
import { createLoopbackPki, type IssuedCertificate, type TestCa } from '../net/testing/pki.ts';
import { createPushRouter } from './router.ts';
import { createPushChannel, type PushChannel, type PushConnectionState, type PushInvalidReport } from './channel.ts';

const TOKEN = 'access-token-0123456789abcdef';
const policyEvent = { type: 'policy', policy: { idleLockSeconds: 120, watermark: false } } as const;
const revokedEvent = { type: 'session-revoked', reason: 'operator-disabled' } as const;

let ca: TestCa;
let cert: IssuedCertificate;
const servers: TestServer[] = [];
const channels: PushChannel[] = [];

beforeAll(async () => {
  ({ ca, server: cert } = await createLoopbackPki());
});

afterEach(async () => {
  channels.splice(0).forEach((c) => c.stop());
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function sse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
}

async function harness(handler: TestHandler) {
  const server = await startHttpsServer({ certPem: cert.certPem, keyPem: cert.keyPem }, handler);
  servers.push(server);
  const client = createInstitutionClient({ baseUrls: [server.url], pins: [cert.pin], caPem: ca.certPem, timeoutMs: 2_000 });
  const events: PushEvent[] = [];
  const states: PushConnectionState[] = [];
  const invalid: PushInvalidReport[] = [];
  let opens = 0;
  let unauthorized = 0;
  const channel = createPushChannel({
    open: (lastEventId, signal) => {
      opens += 1;
      return client.openEventStream(TOKEN, lastEventId, signal);
    },
    onMessage: (e) => events.push(e as PushEvent),
    onState: (s) => states.push(s),
    onInvalid: (r) => invalid.push(r),
    onUnauthorized: () => (unauthorized += 1),
    backoffMs: { initial: 20, max: 100 },
    random: () => 0.5,
  });
  channels.push(channel);
  return { server, channel, events, states, invalid, opens: () => opens, unauthorized: () => unauthorized };
}

describe('push channel over a real SSE server', () => {
  it('delivers events: comments, CRLF and multi-line data included', async () => {
    const h = await harness((_r, res) => {
      sse(res);
      res.write(': hello\r\n\r\n');
      res.write(`id: 1\r\ndata: ${JSON.stringify(policyEvent)}\r\n\r\n`);
      res.write('id: 2\nevent: session\ndata: {"type":"session-revoked",\ndata: "reason":"operator-disabled"}\n\n');
    });
    h.channel.start();
    await waitFor(() => h.events.length === 2, 'two events');
    expect(h.events).toEqual([policyEvent, revokedEvent]);
    expect(h.states).toEqual(['connecting', 'online']);
    expect(h.server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    h.channel.stop();
    expect(h.states.at(-1)).toBe('offline');
  });

  it('reconnects after the server drops the connection and resumes with Last-Event-ID', async () => {
    let connection = 0;
    const h = await harness((_r, res, raw) => {
      connection += 1;
      sse(res);
      if (connection === 1) {
        res.write(`id: 41\ndata: ${JSON.stringify(policyEvent)}\n\n`, () => setTimeout(() => raw.socket.destroy(), 20));
      } else {
        res.write(`id: 42\ndata: ${JSON.stringify(revokedEvent)}\n\n`);
      }
    });
    h.channel.start();
    await waitFor(() => h.events.length === 2, 'the event after the reconnect');
    expect(h.events).toEqual([policyEvent, revokedEvent]);
    expect(h.server.requests.map((r) => r.headers['last-event-id'] ?? null)).toEqual([null, '41']);
    expect(h.states).toEqual(['connecting', 'online', 'offline', 'connecting', 'online']);
  });

  it('drops what is not JSON, reports it, and keeps the stream (meaning is the router\'s job)', async () => {
    const h = await harness((_r, res) => {
      sse(res);
      res.write('id: 1\ndata: {not json\n\n');
      res.write('id: 2\ndata: {"type":"self-destruct"}\n\n');
      res.write('id: 3\ndata: {"type":"policy","policy":{"idleLockSeconds":0,"watermark":true}}\n\n');
      res.write(`id: 4\ndata: ${JSON.stringify(revokedEvent)}\n\n`);
    });
    h.channel.start();
    await waitFor(() => h.events.length === 3, 'the decoded messages');
    expect(h.invalid).toEqual([{ id: '1', reason: 'json' }]);
    expect(h.events.at(-1)).toEqual(revokedEvent);
    expect(h.opens()).toBe(1);
  });

  it('with the router: unknown and malformed events are audited and dropped, and the channel keeps delivering', async () => {
    const audited: { type: string; data: unknown }[] = [];
    const router = createPushRouter({ audit: { append: (type, _actor, data) => (audited.push({ type, data }), undefined as never) }, actor: () => null });
    const routed: PushEvent[] = [];
    router.on('policy', (e) => routed.push(e));
    router.on('session-revoked', (e) => routed.push(e));
    const server = await startHttpsServer({ certPem: cert.certPem, keyPem: cert.keyPem }, (_r, res) => {
      sse(res);
      res.write('id: 1\ndata: {"type":"no-such-kind","articleId":"A-1"}\n\n');
      res.write('id: 2\ndata: {"type":"policy","policy":{"idleLockSeconds":-5}}\n\n');
      res.write(`id: 3\ndata: ${JSON.stringify(policyEvent)}\n\n`);
      res.write(`id: 4\ndata: ${JSON.stringify(revokedEvent)}\n\n`);
    });
    servers.push(server);
    const client = createInstitutionClient({ baseUrls: [server.url], pins: [cert.pin], caPem: ca.certPem, timeoutMs: 2_000 });
    let opens = 0;
    const channel = createPushChannel({
      open: (lastEventId, signal) => ((opens += 1), client.openEventStream(TOKEN, lastEventId, signal)),
      onMessage: (message, id) => router.route(message, id),
      onState: () => undefined,
      backoffMs: { initial: 20, max: 100 },
    });
    channels.push(channel);
    channel.start();
    await waitFor(() => routed.length === 2, 'the two valid events');
    expect(routed).toEqual([policyEvent, revokedEvent]);
    expect(audited).toEqual([
      { type: 'push.dropped', data: { reason: 'unknown-kind', kind: 'no-such-kind', eventId: '1' } },
      { type: 'push.dropped', data: { reason: 'malformed', kind: 'policy', eventId: '2' } },
    ]);
    expect(opens).toBe(1);
  });

  it('backs off through failed opens, then connects', async () => {
    let connection = 0;
    const h = await harness((_r, res) => {
      connection += 1;
      if (connection <= 2) return sendJson(res, 503, { error: { code: 'internal', message: 'busy' } });
      sse(res);
      res.write(`data: ${JSON.stringify(policyEvent)}\n\n`);
    });
    h.channel.start();
    await waitFor(() => h.events.length === 1, 'the event after two refusals');
    expect(h.opens()).toBe(3);
    expect(h.states).toEqual(['connecting', 'offline', 'connecting', 'offline', 'connecting', 'online']);
  });

  it('stops reconnecting when the institution answers 401', async () => {
    const h = await harness((_r, res) => sendJson(res, 401, { error: { code: 'unauthorized', message: 'expired' } }));
    h.channel.start();
    await waitFor(() => h.unauthorized() === 1, 'the unauthorized report');
    await new Promise((resolve) => setTimeout(resolve, 300)); // > max backoff: a reconnect would have happened
    expect(h.opens()).toBe(1);
    expect(h.states).toEqual(['connecting', 'offline']);
  });

  it('leaves no sockets or timers behind after stop(), online or waiting to retry', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const baseline = timers();
    let connection = 0;
    const h = await harness((_r, res) => {
      connection += 1;
      if (connection === 2) return sendJson(res, 503, { error: { code: 'internal', message: 'busy' } });
      sse(res);
      res.write(`data: ${JSON.stringify(policyEvent)}\n\n`);
    });
    h.channel.start();
    await waitFor(() => h.events.length === 1, 'online');
    h.channel.stop();
    await waitFor(async () => (await h.server.openConnections()) === 0, 'the server to see the socket closed');
    await waitFor(() => timers() <= baseline, 'timers to drain');

    h.channel.start(); // second connection: 503, so the channel sits in its backoff timer
    await waitFor(() => h.states.at(-1) === 'offline' && h.opens() === 2, 'the retry wait');
    h.channel.stop();
    await waitFor(() => timers() <= baseline, 'the retry timer to be cleared');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.opens()).toBe(2);
    expect(await h.server.openConnections()).toBe(0);
  });
});

describe('push channel backoff (fake clock)', () => {
  it('grows the delay per failure and resets it once a connection opens', async () => {
    vi.useFakeTimers();
    const streams: PassThrough[] = [];
    const outcomes: ('fail' | 'open')[] = ['fail', 'fail', 'open', 'open'];
    let opens = 0;
    const channel = createPushChannel({
      open: async () => {
        const outcome = outcomes[opens++];
        if (outcome !== 'open') throw new ApiFailure('network', 'down', { mayHaveReachedServer: false });
        const stream = new PassThrough();
        streams.push(stream);
        return stream;
      },
      onMessage: () => undefined,
      onState: () => undefined,
      backoffMs: { initial: 100, max: 10_000 },
      random: () => 0, // delay = half the exponential value: 50, 100, 200, …
      idleTimeoutMs: 0,
    });
    channels.push(channel);
    channel.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(opens).toBe(1);
    await vi.advanceTimersByTimeAsync(49);
    expect(opens).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(opens).toBe(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(opens).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(opens).toBe(3); // connected
    streams[0]?.end();
    streams[0]?.resume();
    await vi.advanceTimersByTimeAsync(49);
    expect(opens).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(opens).toBe(4); // back to the initial delay
  });

  it('reconnects when the stream goes silent past the idle timeout', async () => {
    vi.useFakeTimers();
    const streams: PassThrough[] = [];
    const channel = createPushChannel({
      open: async () => {
        const stream = new PassThrough();
        streams.push(stream);
        return stream;
      },
      onMessage: () => undefined,
      onState: () => undefined,
      backoffMs: { initial: 100, max: 1_000 },
      random: () => 0,
      idleTimeoutMs: 1_000,
    });
    channels.push(channel);
    channel.start();
    await vi.advanceTimersByTimeAsync(900);
    streams[0]?.write(': heartbeat\n\n');
    await vi.advanceTimersByTimeAsync(900);
    expect(streams).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100 + 50);
    expect(streams).toHaveLength(2);
    expect(streams[0]?.destroyed).toBe(true);
  });
});
