/**
 * The desk test host's own guards, probed with raw HTTP (no browser): the bridge only
 * answers its own page, bad input gets a typed DeskResult, and static serving never
 * leaves the renderer directory.
 */
import http from 'node:http';
import { expect, test } from '../fixtures/lab.ts';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function raw(base: string, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: options.path, method: options.method ?? 'GET', headers: options.headers, timeout: 5_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
/** The per-run key the page gets in its URL fragment. */
const keyOf = (deskUrl: string) => new URLSearchParams(new URL(deskUrl).hash.slice(1)).get('key') ?? '';

test.describe('desk test host guards', () => {
  test('the bridge answers its own origin and refuses every other sender', async ({ lab }) => {
    const origin = new URL(lab.deskUrl).origin;
    const key = keyOf(lab.deskUrl);
    expect(key.length).toBeGreaterThanOrEqual(32);
    const invoke = (headers: Record<string, string>) =>
      raw(lab.deskUrl, { path: '/__desk/invoke/session.info', method: 'POST', headers: { ...json, ...headers }, body: '[]' });

    const own = await invoke({ origin, 'sec-fetch-site': 'same-origin', 'x-desk-key': key });
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body)).toMatchObject({ ok: true, value: { workstationId: lab.workstationId } });

    const forbidden = { ok: false, error: { code: 'forbidden_sender' } };
    const senders: Record<string, string>[] = [
      { origin: 'http://evil.example', 'x-desk-key': key },
      { origin: 'null', 'x-desk-key': key },
      { 'x-desk-key': key },
      { origin, 'sec-fetch-site': 'cross-site', 'x-desk-key': key },
      { origin, 'sec-fetch-site': 'same-site', 'x-desk-key': key },
      // A local process that knows the port and the right Origin, but not this run's key.
      { origin, 'sec-fetch-site': 'same-origin' },
      { origin, 'x-desk-key': `${key.slice(0, -1)}A` },
      { origin, 'x-desk-key': '' },
    ];
    for (const headers of senders) {
      const refused = await invoke(headers);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toEqual(forbidden);
    }

    const events = await raw(lab.deskUrl, { path: `/__desk/events?key=${key}`, headers: { origin: 'http://evil.example' } });
    expect(events.status).toBe(403);
    const keyless = await raw(lab.deskUrl, { path: '/__desk/events', headers: { origin } });
    expect(keyless.status).toBe(403);
  });

  test('malformed or oversized bodies and unknown channels get a typed bad_request', async ({ lab }) => {
    const origin = new URL(lab.deskUrl).origin;
    const key = keyOf(lab.deskUrl);
    const post = (path: string, body: string, headers: Record<string, string> = json) =>
      raw(lab.deskUrl, { path, method: 'POST', headers: { origin, 'x-desk-key': key, ...headers }, body });

    const malformed = await post('/__desk/invoke/session.login', '{"operatorId":');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toEqual({ ok: false, error: { code: 'bad_request' } });

    const wrongType = await post('/__desk/invoke/session.login', 'operatorId=A1001', { 'content-type': 'text/plain' });
    expect(JSON.parse(wrongType.body)).toEqual({ ok: false, error: { code: 'bad_request' } });

    const notArgs = await post('/__desk/invoke/session.login', JSON.stringify({ operatorId: 'A1001', password: 'x' }));
    expect(JSON.parse(notArgs.body)).toEqual({ ok: false, error: { code: 'bad_request' } });

    const twoArgs = await post('/__desk/invoke/session.info', JSON.stringify([null, 'extra']));
    expect(JSON.parse(twoArgs.body)).toEqual({ ok: false, error: { code: 'bad_request' } });

    const huge = await post('/__desk/invoke/session.login', JSON.stringify([{ operatorId: 'A1001', password: 'x'.repeat(100_000) }]));
    expect(JSON.parse(huge.body)).toEqual({ ok: false, error: { code: 'bad_request' } });

    const invalid = await post('/__desk/invoke/session.login', JSON.stringify([{ operatorId: '../etc', password: '' }]));
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const unknown = await post('/__desk/invoke/shell.exec', '[]');
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  test('static files: bridge injected before the module script, CSP on every answer, no way out of the renderer dir', async ({
    lab,
  }) => {
    const index = await raw(lab.deskUrl, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("require-trusted-types-for 'script'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const bridgeAt = index.body.indexOf('<script src="/__desk/bridge.js"></script>');
    const moduleAt = index.body.search(/<script[^>]*type="module"/);
    expect(bridgeAt).toBeGreaterThanOrEqual(0);
    expect(bridgeAt).toBeLessThan(moduleAt);

    const bridge = await raw(lab.deskUrl, { path: '/__desk/bridge.js' });
    expect(bridge.status).toBe(200);
    expect(bridge.headers['content-type']).toContain('text/javascript');

    for (const path of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%5c..%5cpackage.json', '/%00index.html']) {
      const escaped = await raw(lab.deskUrl, { path });
      expect([403, 404]).toContain(escaped.status);
      expect(escaped.body).not.toContain('"devDependencies"');
    }
  });

  test('requests naming another host are refused (DNS rebinding)', async ({ lab }) => {
    const rebound = await raw(lab.deskUrl, { path: '/', headers: { host: 'evil.example' } });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('bridge.js');
  });
});
