/**
 * TEST/DEMO HARNESS ONLY. One JSON request over HTTPS that trusts exactly the given CA
 * (the lab institution's own), with a bounded timeout. Used by the lab to fetch the
 * signed site profile and by the e2e admin helper; never by the desktop, whose client
 * lives in electron/core/api with SPKI pinning.
 */
import https from 'node:https';

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  bearer?: string;
  timeoutMs?: number;
}

export function httpsJson(url: string, caPem: string, request: JsonRequest = {}): Promise<JsonResponse> {
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: request.method ?? 'GET', ca: caPem, headers, timeout: request.timeoutMs ?? 10_000, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          if (text.length > 0) {
            try {
              body = JSON.parse(text);
            } catch {
              // Never echo the body: it may carry tokens. The status says enough.
              reject(new Error(`${request.method ?? 'GET'} ${new URL(url).pathname}: non-JSON response (HTTP ${res.statusCode})`));
              return;
            }
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${request.method ?? 'GET'} ${new URL(url).pathname}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
