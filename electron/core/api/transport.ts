import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ApiFailure } from './failure.ts';
import { PinnedAgent } from './pinned-agent.ts';
import { isCertificateError } from './tls-identity.ts';

/**
 * One HTTPS exchange with one base URL, over node:https (not fetch: fetch cannot pin
 * keys or present a client certificate per connection). No retries here; client.ts
 * decides those from the typed failure.
 */
export interface TlsSettings {
  pins: readonly string[];
  caPem?: string;
  clientCertificate?: { certPem: string; keyPem: string };
}

export interface ExchangeSpec {
  method: 'GET' | 'POST' | 'PUT';
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * May this request ride on a pooled keep-alive connection (whose pin was checked when it
   * was opened)? Only for calls that are safe to repeat: a request written into a pooled
   * connection the server is just closing may or may not have reached it.
   */
  reuse?: boolean;
}

export type Exchange =
  | { kind: 'buffered'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'stream'; status: number; headers: IncomingHttpHeaders; stream: IncomingMessage };

/** Institution responses are small JSON documents; anything bigger is refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface Transport {
  exchange(spec: ExchangeSpec, mode: 'buffered' | 'stream-on-200'): Promise<Exchange>;
  /** TLS connections opened so far (each with a full handshake and pin check): pooled, fresh. */
  connectionsOpened(): { pooled: number; fresh: number };
  /** Closes the pooled connections (core's close). */
  close(): void;
}

export interface TransportOptions {
  /** Keep checked connections for retry-safe calls (default true); false opens one per request. */
  pool?: boolean;
}

export function createTransport(tls: TlsSettings, o: TransportOptions = {}): Transport {
  // Every connection — pooled or not — is handed to a request only after its pin was
  // checked (pinned-agent.ts), and no TLS session is ever resumed. Calls that must not be
  // repeated (login, refresh, a state report) and the event stream get a connection of
  // their own, so "did it reach the server?" keeps a clear answer for them; retry-safe
  // calls (reads, search as you type) reuse a checked connection.
  const agentTls = { pins: tls.pins, ...(tls.caPem === undefined ? {} : { caPem: tls.caPem }), ...(tls.clientCertificate === undefined ? {} : { clientCertificate: tls.clientCertificate }) };
  const fresh = new PinnedAgent({ ...agentTls, keepAlive: false });
  const pooled = o.pool === false ? null : new PinnedAgent({ ...agentTls, keepAlive: true });

  async function exchange(spec: ExchangeSpec, mode: 'buffered' | 'stream-on-200'): Promise<Exchange> {
    const agent = spec.reuse === true && mode === 'buffered' && pooled !== null ? pooled : fresh;
    try {
      return await once(spec, mode, agent);
    } catch (error) {
      // A pooled connection the server closed while idle fails at the first write: the
      // request is safe to repeat (reuse is only asked for such calls), once, on a new one.
      if (error instanceof StaleConnection && !spec.signal?.aborted) return once(spec, mode, fresh);
      throw error instanceof StaleConnection ? error.failure : error;
    }
  }

  function once(spec: ExchangeSpec, mode: 'buffered' | 'stream-on-200', agent: PinnedAgent): Promise<Exchange> {
    const label = `${spec.method} ${spec.url.pathname}`;
    return new Promise<Exchange>((resolve, reject) => {
      let settled = false;
      let handshakeDone = false;
      let reused = false;
      let answered = false;
      const onAbort = (): void => fail(new ApiFailure('network', `${label} aborted`, { mayHaveReachedServer: handshakeDone }));
      const cleanup = (): void => {
        clearTimeout(timer);
        spec.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (failure: ApiFailure): void => {
        if (settled) return;
        settled = true;
        cleanup();
        req.destroy();
        reject(failure);
      };
      /** A reused connection died before any answer: the caller may repeat on a new one. */
      const failStale = (failure: ApiFailure): void => {
        if (settled) return;
        settled = true;
        cleanup();
        req.destroy();
        reject(new StaleConnection(failure));
      };
      const succeed = (value: Exchange): void => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(value);
      };

      const timer = setTimeout(() => {
        fail(new ApiFailure('timeout', `${label} timed out after ${spec.timeoutMs} ms`, { mayHaveReachedServer: handshakeDone }));
      }, spec.timeoutMs);

      const options: RequestOptions = {
        protocol: 'https:',
        hostname: spec.url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: spec.url.port === '' ? 443 : Number(spec.url.port),
        path: `${spec.url.pathname}${spec.url.search}`,
        method: spec.method,
        headers: spec.body === undefined ? spec.headers : { ...spec.headers, 'content-length': String(spec.body.length) },
        // The agent owns the TLS settings (CA, client certificate, pins): pinned-agent.ts.
        agent,
      };
      let req: ReturnType<typeof httpsRequest>;
      try {
        req = httpsRequest(options);
      } catch {
        clearTimeout(timer);
        reject(new ApiFailure('network', `${label} could not be sent`, { mayHaveReachedServer: false }));
        return;
      }

      req.on('socket', (socket) => {
        // The agent hands over a socket only once it is connected and its pin checked:
        // from here on, bytes of this request may reach the server.
        handshakeDone = agent.isChecked(socket);
        reused = req.reusedSocket;
      });
      req.on('error', (error) => {
        if (isCertificateError(error)) {
          fail(new ApiFailure('certificate', `${label}: server certificate rejected`, { mayHaveReachedServer: false }));
        } else if (reused && !answered) {
          failStale(new ApiFailure('network', `${label}: network error`, { mayHaveReachedServer: true }));
        } else {
          fail(new ApiFailure('network', `${label}: network error`, { mayHaveReachedServer: handshakeDone }));
        }
      });
      req.on('response', (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        if (mode === 'stream-on-200' && status === 200) {
          succeed({ kind: 'stream', status, headers: res.headers, stream: res });
          // The caller owns the stream from here; the signal still tears it down.
          spec.signal?.addEventListener('abort', () => res.destroy(), { once: true });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            fail(new ApiFailure('bad-response', `${label}: response body too large`, { status }));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => succeed({ kind: 'buffered', status, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', () => fail(new ApiFailure('network', `${label}: connection lost while reading the response`)));
        res.on('aborted', () => fail(new ApiFailure('network', `${label}: connection lost while reading the response`)));
      });

      if (spec.signal?.aborted) {
        onAbort();
        return;
      }
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      req.end(spec.body);
    });
  }

  return {
    exchange,
    connectionsOpened: () => ({ pooled: pooled?.connectionsOpened ?? 0, fresh: fresh.connectionsOpened }),
    close() {
      pooled?.destroy();
      fresh.destroy();
    },
  };
}

/** A reused keep-alive connection failed before the server answered (internal to this file). */
class StaleConnection extends Error {
  readonly failure: ApiFailure;
  constructor(failure: ApiFailure) {
    super(failure.message);
    this.name = 'StaleConnection';
    this.failure = failure;
  }
}
