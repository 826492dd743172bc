import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackPki, createTestCa, type IssuedCertificate, type TestCa } from '../net/testing/pki.ts';
import { ApiFailure, createInstitutionClient, type InstitutionClientOptions, type LoginAttempt } from './client.ts';
import { deadUrl, sendJson, startHttpsServer, type TestHandler, type TestServer, type TestServerTls } from './testing/https-server.ts';

let ca: TestCa;
let server: IssuedCertificate;
let otherCa: TestCa;
const running: TestServer[] = [];

beforeAll(async () => {
  ({ ca, server } = await createLoopbackPki());
  otherCa = await createTestCa('Some Other CA');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(handler: TestHandler, tls: Partial<TestServerTls> = {}): Promise<TestServer> {
  const s = await startHttpsServer({ certPem: server.certPem, keyPem: server.keyPem, ...tls }, handler);
  running.push(s);
  return s;
}

function client(baseUrls: string[], overrides: Partial<InstitutionClientOptions> = {}) {
  return createInstitutionClient({ baseUrls, pins: [server.pin], caPem: ca.certPem, timeoutMs: 2_000, backoffMs: 5, random: () => 0, ...overrides });
}

async function failureOf(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiFailure);
    return error as ApiFailure;
  }
  throw new Error('expected an ApiFailure, but the call succeeded');
}

const health = { status: 'ok', institutionId: 'demo-bank', time: '2025-06-01T12:00:00Z' };
const PASSWORD = 'correct horse battery staple';
const loginRequest: LoginAttempt = { operatorId: 'agent1', password: PASSWORD, workstationId: 'ws-1' };
const operator = { id: 'agent1', displayName: 'Agent One', roles: ['agent'], permissions: ['calls.handle'], team: null, totpEnabled: false, disabled: false };
const TOKEN = 'access-token-0123456789abcdef';

describe('institution client: TLS', () => {
  it('talks to a server whose key is pinned', async () => {
    const s = await start((_r, res) => sendJson(res, 200, health));
    expect(await client([s.url]).health()).toEqual(health);
    expect(s.requests.map((r) => r.path)).toEqual(['/api/v1/health']);
  });

  it('refuses a server whose key is not pinned, before sending the request', async () => {
    const s = await start((_r, res) => sendJson(res, 200, {}));
    const other = await ca.issue({ commonName: 'localhost', usage: 'server', ipAddresses: ['127.0.0.1'] });
    const failure = await failureOf(client([s.url], { pins: [other.pin] }).login(loginRequest));
    expect(failure.kind).toBe('certificate');
    expect(s.requests).toHaveLength(0);
    expect(failure.message).not.toContain(PASSWORD);
  });

  it('refuses a server certificate from another CA even when its key is pinned', async () => {
    const s = await start((_r, res) => sendJson(res, 200, health));
    const failure = await failureOf(client([s.url], { caPem: otherCa.certPem }).health());
    expect(failure.kind).toBe('certificate');
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a pinned certificate issued for another host name', async () => {
    const wrongName = await ca.issue({ commonName: 'api.bank.test', usage: 'server', dnsNames: ['api.bank.test'] });
    const s = await start((_r, res) => sendJson(res, 200, health), { certPem: wrongName.certPem, keyPem: wrongName.keyPem });
    const failure = await failureOf(client([s.url], { pins: [wrongName.pin] }).health());
    expect(failure.kind).toBe('certificate');
    expect(s.requests).toHaveLength(0);
  });

  it('presents the client certificate to a server that requires one (mTLS)', async () => {
    const clientCa = await createTestCa('Workstation CA');
    const workstation = await clientCa.issue({ commonName: 'ws-0042', usage: 'client' });
    const s = await start((_r, res) => sendJson(res, 200, health), { clientCaPem: clientCa.certPem });
    expect(await client([s.url], { clientCertificate: { certPem: workstation.certPem, keyPem: workstation.keyPem } }).health()).toEqual(health);
    expect(s.requests[0]?.clientCommonName).toBe('ws-0042');

    // Under TLS 1.3 the server refuses a missing client certificate with an alert after the
    // client's handshake completes; Node reports that alert (certificate) or, if the socket
    // closes first, a reset (network). Either way the request is never processed.
    const refused = await failureOf(client([s.url], { retries: 0 }).health());
    expect(['certificate', 'network']).toContain(refused.kind);
    expect(s.requests).toHaveLength(1);
  });

  it('refuses plain-http base URLs and an empty pin list at construction', () => {
    expect(() => createInstitutionClient({ baseUrls: ['http://127.0.0.1:1'], pins: [server.pin] })).toThrow(TypeError);
    expect(() => createInstitutionClient({ baseUrls: ['https://127.0.0.1:1'], pins: [] })).toThrow(TypeError);
  });
});

describe('institution client: timeouts, retries, failover', () => {
  it('times out on a server that never answers, retrying only retry-safe calls', async () => {
    const s = await start(() => undefined);
    // 600 ms, not less: under load (2 cores shared with a test run) a TLS handshake on loopback took
    // over 150 ms, so an attempt timed out before the server saw its request (flaky count below).
    const failure = await failureOf(client([s.url], { timeoutMs: 600, retries: 2 }).health());
    expect(failure.kind).toBe('timeout');
    expect(s.requests).toHaveLength(3);

    const loginFailure = await failureOf(client([s.url], { timeoutMs: 600, retries: 2 }).login(loginRequest));
    expect(loginFailure.kind).toBe('timeout');
    expect(s.requests).toHaveLength(4);
  });

  it.each([502, 503, 504])('retries a %i and then succeeds', async (status) => {
    let attempts = 0;
    const s = await start((_r, res) => {
      attempts += 1;
      if (attempts < 3) sendJson(res, status, { error: { code: 'internal', message: 'busy' } });
      else sendJson(res, 200, health);
    });
    expect(await client([s.url], { retries: 2 }).health()).toEqual(health);
    expect(attempts).toBe(3);
  });

  it('gives up after the configured retries', async () => {
    const s = await start((_r, res) => sendJson(res, 503, { error: { code: 'internal', message: 'busy' } }));
    const failure = await failureOf(client([s.url], { retries: 1 }).health());
    expect(failure).toMatchObject({ kind: 'http', status: 503, code: 'internal' });
    expect(s.requests).toHaveLength(2);
  });

  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [429, 'rate_limited'],
  ] as const)('never retries a %i', async (status, code) => {
    const s = await start((_r, res) => sendJson(res, status, { error: { code, message: 'no' } }));
    const failure = await failureOf(client([s.url]).me(TOKEN));
    expect(failure).toMatchObject({ kind: 'http', status, code });
    expect(s.requests).toHaveLength(1);
    expect(failure.message).not.toContain(TOKEN);
  });

  it('never retries login, even on a transient 503', async () => {
    const s = await start((_r, res) => sendJson(res, 503, { error: { code: 'internal', message: 'busy' } }));
    const failure = await failureOf(client([s.url], { retries: 5 }).login(loginRequest));
    expect(failure).toMatchObject({ kind: 'http', status: 503 });
    expect(s.requests).toHaveLength(1);
  });

  it('never sends login to a second server after the first may have received it', async () => {
    const first = await start((_r, _res, raw) => raw.socket.destroy());
    const second = await start((_r, res) => sendJson(res, 200, { accessToken: TOKEN, refreshToken: TOKEN, expiresIn: 900, operator, minProfileSerial: 0 }));
    const failure = await failureOf(client([first.url, second.url]).login(loginRequest));
    expect(failure.kind).toBe('network');
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(0);
  });

  it('reports account lockout with its retry delay and the server-side message stays out', async () => {
    const s = await start((_r, res) => sendJson(res, 423, { error: { code: 'account_locked', message: 'secret detail', retryAfterSeconds: 600 } }));
    const failure = await failureOf(client([s.url]).login(loginRequest));
    expect(failure).toMatchObject({ kind: 'http', status: 423, code: 'account_locked', retryAfterSeconds: 600 });
    expect(failure.message).not.toContain('secret detail');
    expect(JSON.parse(s.requests[0]?.body ?? '{}')).toEqual(loginRequest);
  });

  it('fails over from a dead base URL to a live one, for reads and for login', async () => {
    const dead = await deadUrl();
    const s = await start((r, res) =>
      r.path.endsWith('/health') ? sendJson(res, 200, health) : sendJson(res, 200, { accessToken: TOKEN, refreshToken: TOKEN, expiresIn: 900, operator, minProfileSerial: 0 }),
    );
    const c = client([dead, s.url]);
    expect(await c.health()).toEqual(health);
    expect((await c.login(loginRequest)).operator.id).toBe('agent1');
    expect(s.requests).toHaveLength(2);
  });

  it('reports a network failure when every base URL is dead', async () => {
    const failure = await failureOf(client([await deadUrl(), await deadUrl()], { retries: 1 }).health());
    expect(failure.kind).toBe('network');
  });
});

describe('institution client: responses', () => {
  it.each([
    ['a body that fails the schema', (_r: unknown, res: Parameters<TestHandler>[1]) => sendJson(res, 200, { status: 'ok' })],
    ['a body with extra fields', (_r: unknown, res: Parameters<TestHandler>[1]) => sendJson(res, 200, { ...health, extra: 1 })],
    ['invalid JSON', (_r: unknown, res: Parameters<TestHandler>[1]) => res.writeHead(200, { 'content-type': 'application/json' }).end('{')],
    ['a non-JSON content type', (_r: unknown, res: Parameters<TestHandler>[1]) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>')],
    ['an oversized body', (_r: unknown, res: Parameters<TestHandler>[1]) => res.writeHead(200, { 'content-type': 'application/json' }).end(' '.repeat(2 * 1024 * 1024))],
  ])('maps %s to bad-response', async (_label, handler) => {
    const s = await start(handler);
    const failure = await failureOf(client([s.url]).health());
    expect(failure.kind).toBe('bad-response');
    expect(s.requests).toHaveLength(1);
  });

  it('sends bearer tokens and JSON bodies to the contract paths', async () => {
    const s = await start((r, res) => {
      if (r.path.endsWith('/me')) sendJson(res, 200, { operator, policy: { idleLockSeconds: 300, watermark: true } });
      else if (r.path.endsWith('/audit/events')) sendJson(res, 200, { acknowledged: [], headSeq: 0, gaps: [], rejected: [] });
      else if (r.path.endsWith('/site-profile')) sendJson(res, 200, { anything: true });
      else if (r.path.endsWith('/enroll')) sendJson(res, 201, { workstationId: 'ws-1', enrolledAt: '2025-06-01T12:00:00Z' });
      else if (r.path.endsWith('/refresh')) sendJson(res, 200, { accessToken: TOKEN, refreshToken: TOKEN, expiresIn: 60 });
      else res.writeHead(204).end();
    });
    const c = client([`${s.url}/`]);
    await c.logout(TOKEN);
    await c.reauthenticate(TOKEN, PASSWORD);
    expect((await c.me(TOKEN)).operator.id).toBe('agent1');
    await c.enrollWorkstation({ workstationId: 'ws-1', publicKey: 'AAAA', enrollmentCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' });
    expect(await c.refresh(TOKEN)).toEqual({ accessToken: TOKEN, refreshToken: TOKEN, expiresIn: 60 });
    expect(await c.siteProfile()).toEqual({ anything: true });
    expect(await c.sendAuditBatch({ events: [] } as never)).toEqual({ acknowledged: [], headSeq: 0, gaps: [], rejected: [] });
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? '-'}`)).toEqual([
      `POST /api/v1/auth/logout Bearer ${TOKEN}`,
      `POST /api/v1/auth/reauthenticate Bearer ${TOKEN}`,
      `GET /api/v1/me Bearer ${TOKEN}`,
      'POST /api/v1/workstations/enroll -',
      'POST /api/v1/auth/refresh -',
      'GET /api/v1/site-profile -',
      'POST /api/v1/audit/events -',
    ]);
    expect(JSON.parse(s.requests[1]?.body ?? '')).toEqual({ password: PASSWORD });
    expect(JSON.parse(s.requests[3]?.body ?? '')).toEqual({ workstationId: 'ws-1', publicKey: 'AAAA', enrollmentCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' });
  });

  it('refuses a malformed token without sending anything', async () => {
    const s = await start((_r, res) => sendJson(res, 200, {}));
    const failure = await failureOf(client([s.url]).me('token\r\nX-Injected: 1'));
    expect(failure).toMatchObject({ kind: 'http', status: 401, code: 'unauthorized' });
    expect(s.requests).toHaveLength(0);
  });
});

describe('institution client: event stream', () => {
  it('opens the stream with bearer and Last-Event-ID and hands over the body', async () => {
    const s = await start((_r, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('id: 8\ndata: {}\n\n');
    });
    const stream = await client([s.url]).openEventStream(TOKEN, '7', new AbortController().signal);
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(String(chunk));
    expect(chunks.join('')).toBe('id: 8\ndata: {}\n\n');
    expect(s.requests[0]?.headers['last-event-id']).toBe('7');
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(s.requests[0]?.headers.accept).toBe('text/event-stream');
  });

  it('rejects with the HTTP failure on 401 and with bad-response on a non-SSE 200', async () => {
    const s = await start((r, res) =>
      r.headers.authorization === `Bearer ${TOKEN}` ? sendJson(res, 200, {}) : sendJson(res, 401, { error: { code: 'unauthorized', message: 'no' } }),
    );
    const c = client([s.url]);
    expect(await failureOf(c.openEventStream('expired-token-000000', null, new AbortController().signal))).toMatchObject({ kind: 'http', status: 401 });
    expect(await failureOf(c.openEventStream(TOKEN, null, new AbortController().signal))).toMatchObject({ kind: 'bad-response' });
    expect(s.requests[0]?.headers['last-event-id']).toBeUndefined();
  });

  it('does not echo a Last-Event-ID that cannot be a valid header value', async () => {
    const s = await start((_r, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end());
    const c = client([s.url]);
    for (const id of ['x'.repeat(65), '坐席', 'a\u0000b']) {
      const stream = await c.openEventStream(TOKEN, id, new AbortController().signal);
      for await (const _chunk of stream) void _chunk;
    }
    expect(s.requests.map((r) => r.headers['last-event-id'] ?? null)).toEqual([null, null, null]);
  });

  it('aborts a pending open when the signal fires', async () => {
    const s = await start(() => undefined);
    const controller = new AbortController();
    const pending = client([s.url], { timeoutMs: 10_000 }).openEventStream(TOKEN, null, controller.signal);
    for (let i = 0; i < 200 && s.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect((await failureOf(pending)).kind).toBe('network');
  });
});
