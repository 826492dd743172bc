/**
 * Test support for desk-core and outbox tests (not shipped): a real, seeded institution
 * server on 127.0.0.1 and a raw HTTPS JSON helper for the admin calls the desktop never
 * makes (disable an operator, change the policy, read the audit view).
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/* eslint-disable no-restricted-imports -- test support only: tests run the real institution server */
import { seedDemo } from '../../institution/src/seed/demo.ts';
import { startInstitutionServer, type InstitutionServer, type InstitutionServerOptions } from '../../institution/src/server.ts';
/* eslint-enable no-restricted-imports */

/** Cheap scrypt so seeding five operators does not dominate the test time. */
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface TestInstitution {
  server: InstitutionServer;
  dataDir: string;
  /** JSON over HTTPS to the server, trusting its dev CA. Resolves with status and parsed body. */
  call(method: string, path: string, o?: { token?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  /** Logs in (no desktop involved) and returns the access token. */
  token(operatorId: string, password: string, workstationId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestInstitution(
  options: Omit<InstitutionServerOptions, 'dataDir'> = {},
): Promise<TestInstitution> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-institution-'));
  await seedDemo({ dataDir, passwordHashing: TEST_SCRYPT });
  const server = await startInstitutionServer({ port: 0, passwordHashing: TEST_SCRYPT, ...options, dataDir });
  const call: TestInstitution['call'] = (method, path, o = {}) =>
    new Promise((resolve, reject) => {
      const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
      const headers: Record<string, string> = { accept: 'application/json' };
      if (o.token) headers['authorization'] = `Bearer ${o.token}`;
      if (payload) headers['content-type'] = 'application/json';
      const req = request(`${server.url}/api/v1${path}`, { method, ca: server.caCertPem, headers, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  return {
    server,
    dataDir,
    call,
    async token(operatorId, password, workstationId = 'WS-TEST-ADMIN') {
      const res = await call('POST', '/auth/login', { body: { operatorId, password, workstationId } });
      if (res.status !== 200) throw new Error(`login ${operatorId}: HTTP ${res.status}`);
      return (res.body as { accessToken: string }).accessToken;
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 10 ms until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits), written independently of the server's code. */
export function totpFor(secretBase32: string, timeMs: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const key: number[] = [];
  for (const ch of secretBase32.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 30_000)));
  const mac = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
