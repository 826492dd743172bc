import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Test-only: a real HTTPS server on 127.0.0.1 that records what reached it, so tests can
 * assert on attempts, headers and "nothing was sent". Not imported by production code.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** CN of the client certificate, when one was presented. */
  clientCommonName: string | null;
}

export type TestHandler = (request: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Completed TLS handshakes (a pinned-out client may still complete one). */
  handshakes: number;
  /** Sockets currently open on the server side. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

export interface TestServerTls {
  certPem: string;
  keyPem: string;
  /** Require a client certificate issued by this CA. */
  clientCaPem?: string;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startHttpsServer(tls: TestServerTls, handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const state = { handshakes: 0 };
  const server: Server = createHttpsServer({
    cert: tls.certPem,
    key: tls.keyPem,
    ...(tls.clientCaPem === undefined ? {} : { ca: tls.clientCaPem, requestCert: true, rejectUnauthorized: true }),
  });
  server.on('secureConnection', () => {
    state.handshakes += 1;
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const cn = peer && typeof peer.subject?.CN === 'string' ? peer.subject.CN : null;
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        clientCommonName: cn,
      };
      requests.push(recorded);
      handler(recorded, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test server has no port');
  return {
    url: `https://127.0.0.1:${address.port}`,
    requests,
    get handshakes() {
      return state.handshakes;
    },
    openConnections: () =>
      new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens (connection refused). */
export async function deadUrl(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `https://127.0.0.1:${address.port}`;
}
