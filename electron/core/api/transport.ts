import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ApiFailure } from './failure.ts';
import { isCertificateError, pinnedServerIdentity } from './tls-identity.ts';

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
}

export type Exchange =
  | { kind: 'buffered'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'stream'; status: number; headers: IncomingHttpHeaders; stream: IncomingMessage };

/** Institution responses are small JSON documents; anything bigger is refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface Transport {
  exchange(spec: ExchangeSpec, mode: 'buffered' | 'stream-on-200'): Promise<Exchange>;
}

export function createTransport(tls: TlsSettings): Transport {
  // No session cache: Node skips checkServerIdentity on resumed TLS sessions, and every
  // connection must prove its pinned key. No keep-alive: a request is never written into
  // a stale pooled socket, so "did it reach the server?" has a clear answer.
  const agent = new Agent({ keepAlive: false, maxCachedSessions: 0 });
  const checkServerIdentity = pinnedServerIdentity(tls.pins);

  function exchange(spec: ExchangeSpec, mode: 'buffered' | 'stream-on-200'): Promise<Exchange> {
    const label = `${spec.method} ${spec.url.pathname}`;
    return new Promise<Exchange>((resolve, reject) => {
      let settled = false;
      let handshakeDone = false;
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
        agent,
        minVersion: 'TLSv1.2',
        checkServerIdentity,
        ...(tls.caPem === undefined ? {} : { ca: tls.caPem }),
        ...(tls.clientCertificate === undefined ? {} : { cert: tls.clientCertificate.certPem, key: tls.clientCertificate.keyPem }),
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
        (socket as TLSSocket).once('secureConnect', () => {
          handshakeDone = true;
        });
      });
      req.on('error', (error) => {
        if (isCertificateError(error)) {
          fail(new ApiFailure('certificate', `${label}: server certificate rejected`, { mayHaveReachedServer: false }));
        } else {
          fail(new ApiFailure('network', `${label}: network error`, { mayHaveReachedServer: handshakeDone }));
        }
      });
      req.on('response', (res) => {
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

  return { exchange };
}
