/**
 * TEST SUPPORT ONLY. A small HTTPS client that trusts exactly the test institution's CA.
 */
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body's bytes (binary answers: article images). */
  bytes: Buffer;
  /** Parsed body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface RequestOptions {
  /** Serialized as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as-is (use with `headers` to set the content type). */
  body?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
}

export interface HttpsTestClient {
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  close(): void;
}

/** `maxSockets` bounds how many requests are on the wire at once (raise it for concurrency tests). */
export function createHttpsClient(baseUrl: string, caPem: string, options: { maxSockets?: number } = {}): HttpsTestClient {
  const agent = new https.Agent({ ca: caPem, keepAlive: true, maxSockets: options.maxSockets ?? 8 });
  return {
    request(method, path, options = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      let body = options.body;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] ??= 'application/json';
      }
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      // Without it Node sends a GET body unframed, which the server rightly reads as garbage.
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      return new Promise((resolve, reject) => {
        const req = https.request(new URL(path, baseUrl), { method, agent, headers, timeout: 10_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            const text = bytes.toString('utf8');
            let json: unknown;
            try {
              json = text.length > 0 ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, bytes, json });
          });
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
