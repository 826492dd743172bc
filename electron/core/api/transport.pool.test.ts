import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackPki, createTestCa, type IssuedCertificate, type TestCa } from '../net/testing/pki.ts';
import { ApiFailure, createInstitutionClient, type InstitutionClientOptions } from './client.ts';
import { sendJson, startHttpsServer, type TestHandler, type TestServer, type TestServerTls } from './testing/https-server.ts';

/**
 * Connection reuse (issue #8: search as you type): retry-safe calls ride on keep-alive
 * connections whose pin was checked when each was opened; everything else, and every new
 * connection, is checked as before. Counted on real loopback TLS servers.
 */
let ca: TestCa;
let server: IssuedCertificate;
const running: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  ({ ca, server } = await createLoopbackPki());
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

const health = { status: 'ok', institutionId: 'demo-bank', time: '2025-06-01T12:00:00Z' };
const TOKEN = 'access-token-0123456789abcdef';

/** A bare HTTPS server on a given port (0: any), counting handshakes; for a key change at one address. */
async function bareServer(cert: IssuedCertificate, port: number): Promise<{ url: string; port: number; handshakes: () => number; requests: () => number; close(): Promise<void> }> {
  let handshakes = 0;
  let requests = 0;
  const s: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => {
    requests += 1;
    sendJson(res, 200, health);
  });
  s.on('secureConnection', () => (handshakes += 1));
  await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
  const actual = (s.address() as AddressInfo).port;
  const handle = {
    url: `https://127.0.0.1:${actual}`,
    port: actual,
    handshakes: () => handshakes,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
  running.push(handle);
  return handle;
}

describe('institution client: pooled connections', () => {
  it('reuses one checked connection for consecutive retry-safe calls; unpooled opens one per call', async () => {
    const s = await start((_r, res) => sendJson(res, 200, health));
    const pooled = client([s.url]);
    for (let i = 0; i < 5; i++) expect(await pooled.health()).toEqual(health);
    expect(s.requests).toHaveLength(5);
    expect(s.handshakes).toBe(1);

    const unpooled = client([s.url], { pool: false });
    for (let i = 0; i < 3; i++) await unpooled.health();
    expect(s.handshakes).toBe(1 + 3);
  });

  it('gives calls that must not be repeated a connection of their own', async () => {
    const s = await start((r, res) => (r.method === 'PUT' ? (res.writeHead(204), res.end()) : sendJson(res, 200, health)));
    const c = client([s.url]);
    await c.health();
    await c.reportAgentState(TOKEN, { state: 'ready', reasonCode: null, callId: null });
    await c.reportAgentState(TOKEN, { state: 'not-ready', reasonCode: 'break', callId: null });
    await c.health();
    // One pooled connection for both reads, one fresh connection per state report.
    expect(s.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'PUT', 'GET']);
    expect(s.handshakes).toBe(3);
  });

  it('refuses a new connection to the same address once it presents a key that is not pinned', async () => {
    const pinned = await bareServer(server, 0);
    const c = client([pinned.url], { retries: 0 });
    await c.health();
    await c.health();
    expect(pinned.handshakes()).toBe(1);
    const port = pinned.port;
    await pinned.close();

    // Same host and port, same CA, another key: the pooled connection died with the old
    // server, and the new connection fails its pin check before any request is written.
    const otherKey = await ca.issue({ commonName: 'localhost', usage: 'server', ipAddresses: ['127.0.0.1'] });
    const impostor = await bareServer(otherKey, port);
    const failure = await c.health().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).kind).toBe('certificate');
    expect(impostor.requests()).toBe(0);
  });

  it('repeats a retry-safe call once on a new connection when the pooled one was closed under it', async () => {
    const perSocket = new Map<unknown, number>();
    const s = await start((_r, res, raw) => {
      const n = (perSocket.get(raw.socket) ?? 0) + 1;
      perSocket.set(raw.socket, n);
      // The second request on a connection finds it closed (a server's idle timeout racing the client).
      if (n === 2) return raw.socket.destroy();
      sendJson(res, 200, health);
    });
    const c = client([s.url], { retries: 0 });
    await c.health();
    expect(await c.health()).toEqual(health);
    expect(s.handshakes).toBe(2);
  });

  it('keeps the workstation certificate on pooled connections (mTLS)', async () => {
    const clientCa = await createTestCa('Workstation CA');
    const workstation = await clientCa.issue({ commonName: 'ws-0042', usage: 'client' });
    const s = await start((_r, res) => sendJson(res, 200, health), { clientCaPem: clientCa.certPem });
    const c = client([s.url], { clientCertificate: { certPem: workstation.certPem, keyPem: workstation.keyPem } });
    await c.health();
    await c.health();
    await c.health();
    expect(s.requests.map((r) => r.clientCommonName)).toEqual(['ws-0042', 'ws-0042', 'ws-0042']);
    expect(s.handshakes).toBe(1);
  });

  it('never resumes a TLS session: every new connection does a full handshake with the pin check', async () => {
    const resumed: boolean[] = [];
    const s = await start((_r, res, raw) => (resumed.push((raw.socket as TLSSocket).isSessionReused()), sendJson(res, 200, health)));
    const c = client([s.url], { pool: false });
    for (let i = 0; i < 3; i++) await c.health();
    expect(resumed).toEqual([false, false, false]);
    expect(s.handshakes).toBe(3);
  });
});
