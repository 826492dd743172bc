/**
 * Test support for desk-core and outbox tests (not shipped): a real, seeded institution
 * server on 127.0.0.1, IT's workstation registration, a raw HTTPS JSON helper for the
 * admin calls the desktop never makes (disable an operator, change the policy, read the
 * audit view), and desks opened against it the way IT provisions one. No vitest here: a
 * Playwright spec imports this file too (desk-core.hooks.ts registers the vitest hooks).
 */
import { createDeskCore, type DeskCore, type DeskCoreOptions } from './desk-core.ts';
import type { DeskResult } from '../contract/errors.ts';
import type { MainHandlers } from './ipc/dispatch.ts';
import { createStaticKeyProvider } from './outbox/crypto.ts';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import net from 'node:net';
import Database from 'better-sqlite3';
import { AuditEvent } from '../../institution/contract/audit.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/* eslint-disable no-restricted-imports -- test support only: tests run the real institution server */
import { seedDemo } from '../../institution/src/seed/demo.ts';
import { startInstitutionServer, type InstitutionServer, type InstitutionServerOptions } from '../../institution/src/server.ts';
import { registerWorkstation } from '../../institution/src/workstations/registration.ts';
/* eslint-enable no-restricted-imports */

/** Cheap scrypt so seeding five operators does not dominate the test time. */
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface TestInstitution {
  server: InstitutionServer;
  dataDir: string;
  /** JSON over HTTPS to the server, trusting its dev CA. Resolves with status and parsed body. */
  call(method: string, path: string, o?: { token?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  /**
   * Signs institution staff in at the console (no desktop, no workstation: admins only) and
   * returns the access token. Operators of a workstation sign in only through a desk, with
   * its key's proof.
   */
  token(operatorId: string, password: string): Promise<string>;
  /** IT registers a workstation id: returns its one-time enrollment code. */
  register(workstationId: string): Promise<string>;
  /** Registers the workstation and enrolls `publicKeySpkiBase64` with the code (as a desk's start-up would). */
  provision(workstationId: string, publicKeySpkiBase64: string): Promise<void>;
  /** The institution's audit view of a workstation (as its admin sees it), or null if it has none. */
  auditView(workstationId: string, adminToken: string): Promise<{ headSeq: number; anchoredSeq: number; flags: unknown[] } | null>;
  /** The audit events the institution stored for a workstation, in seq order (read-only SQLite). */
  storedEvents(workstationId: string): AuditEvent[];
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
  const register = async (workstationId: string) => (await registerWorkstation({ dataDir, workstationId, ...(options.now ? { now: options.now } : {}) })).enrollmentCode;
  const provision = async (workstationId: string, publicKey: string) => {
    const enrollmentCode = await register(workstationId);
    const res = await call('POST', '/workstations/enroll', { body: { workstationId, publicKey, enrollmentCode } });
    if (res.status !== 201) throw new Error(`enroll ${workstationId}: HTTP ${res.status}`);
  };
  return {
    server,
    dataDir,
    call,
    register,
    provision,
    async auditView(workstationId, adminToken) {
      const res = await call('GET', `/admin/audit/workstations/${workstationId}`, { token: adminToken });
      return res.status === 200 ? (res.body as { headSeq: number; anchoredSeq: number; flags: unknown[] }) : null;
    },
    storedEvents(workstationId) {
      const db = new Database(join(dataDir, 'institution.sqlite'), { readonly: true });
      try {
        const rows = db.prepare('SELECT body FROM audit_events WHERE workstation_id = ? ORDER BY seq').all(workstationId) as { body: string }[];
        return rows.map((r) => AuditEvent.parse(JSON.parse(r.body)));
      } finally {
        db.close();
      }
    },
    async token(operatorId, password) {
      const res = await call('POST', '/auth/console-login', { body: { operatorId, password } });
      if (res.status !== 200) throw new Error(`login ${operatorId}: HTTP ${res.status}`);
      return (res.body as { accessToken: string }).accessToken;
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A real TCP relay on 127.0.0.1 standing in for a network outage: while it has no target
 * it resets every connection; with one, it forwards bytes both ways (TLS passes through
 * untouched, so pins and certificates are checked end to end).
 */
export interface Relay {
  /** https://127.0.0.1:PORT */
  url: string;
  /**
   * Forward to this https URL's host and port from now on; null = an outage: new connections
   * are reset and the open ones cut, unless `keepOpen` (a half outage: what is open, such as
   * the event stream, stays up while nothing new gets through).
   */
  forwardTo(url: string | null, options?: { keepOpen?: boolean }): void;
  close(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  let target: URL | null = null;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((inbound) => {
    track(inbound);
    if (target === null) return inbound.resetAndDestroy();
    const outbound = net.connect(Number(target.port), target.hostname);
    track(outbound);
    const end = () => (inbound.destroy(), outbound.destroy());
    inbound.on('error', end);
    outbound.on('error', end);
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    forwardTo(url, options = {}) {
      target = url === null ? null : new URL(url);
      // An outage also cuts what is open: a pooled keep-alive connection must not outlive it.
      if (target === null && options.keepOpen !== true) for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
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

/** Waits until core says its workstation is enrolled (a registered desk enrolls right after start). */
export async function untilEnrolled(core: DeskCore): Promise<void> {
  await eventually(async () => {
    const info = await core.dispatch('session.info', undefined);
    return info.ok && (info.value as { enrollment: string }).enrollment === 'enrolled' ? true : undefined;
  }, 'workstation enrolled');
}

/** Signs an operator in (the demo agent by default); throws with core's answer when it refuses. */
export async function signIn(core: DeskCore, operatorId = 'A1001', password = 'Agent#2026'): Promise<void> {
  const login = await core.dispatch('session.login', { operatorId, password });
  if (!login.ok) throw new Error(`login of ${operatorId} refused: ${JSON.stringify(login)}`);
}

/** A desk answer's value; throws with core's error when there is none. */
export function valueOf<T>(r: DeskResult<unknown>): T {
  if (!r.ok) throw new Error(`desk answered ${JSON.stringify(r.error)}`);
  return r.value as T;
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

/**
 * Main owns `system.*` (Electron's versions exist only there); core's tests stand in with
 * this Node's versions, as the browser test host does.
 */
export const testMainHandlers: MainHandlers = {
  'system.versions': async () => ({ app: 'test', electron: null, chrome: null, node: process.versions.node }),
  // Core may not load main's Notification handler (the walls): as if the OS showed it.
  'notify.incoming-call': async () => ({ shown: true }),
  'notify.incoming-call-ended': async () => null,
};

/** Rows of a desk's outbox database as they are on disk (read-only, beside the running core). */
export function deskRows(dataDir: string, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const db = new Database(join(dataDir, 'outbox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Changes a desk's outbox database behind the core's back (a crash's leftovers, a lost cache): a test's own SQL. */
export function deskWrite(dataDir: string, sql: string): void {
  const db = new Database(join(dataDir, 'outbox.sqlite'), { fileMustExist: true });
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** What a test leaves to run after it, last first. */
export type Cleanups = Array<() => void | Promise<void>>;

/** A fresh temporary directory, removed by `cleanups`. */
export function tempDir(cleanups: Cleanups, prefix = 'desk-core-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The institution's signed site profile, as IT hands it to a desk. */
export async function signedProfileOf(institution: TestInstitution): Promise<unknown> {
  const res = await institution.call('GET', '/site-profile');
  if (res.status !== 200) throw new Error(`GET /site-profile: HTTP ${res.status}`);
  return res.body;
}

export type TestDeskOptions = Partial<Omit<DeskCoreOptions, 'enrollmentCode'>> & {
  workstationId: string;
  enrollmentCode?: string | undefined;
  /** IT registers the workstation now and the desk starts with its fresh enrollment code. */
  register?: boolean;
};

/**
 * A desk core against `institution`, closed by `cleanups`: the institution's signed profile
 * (fetched now unless given), its profile key and CA trusted, a static outbox key, the
 * test `system.*` handlers, quick enrollment retries, and its data in a fresh temporary
 * directory unless `dataDir` is given. Every option can be overridden.
 */
export async function openTestDesk(institution: TestInstitution, cleanups: Cleanups, options: TestDeskOptions): Promise<DeskCore> {
  const { register = false, enrollmentCode: given, dataDir, signedProfile, ...rest } = options;
  const dir = dataDir ?? tempDir(cleanups);
  const enrollmentCode = register ? await institution.register(options.workstationId) : given;
  const core = await createDeskCore({
    dataDir: dir,
    ...(enrollmentCode === undefined ? {} : { enrollmentCode }),
    signedProfile: signedProfile ?? (await signedProfileOf(institution)),
    trustedProfileKeys: { [institution.server.profileKeyId]: institution.server.profilePublicKeyPem },
    caPem: institution.server.caCertPem,
    keyProvider: createStaticKeyProvider('desk-core-test-secret'),
    appOrigin: 'app://desk',
    mainHandlers: testMainHandlers,
    enrollmentBackoff: { initialMs: 50, maxMs: 200 },
    ...rest,
  });
  cleanups.push(() => core.close());
  return core;
}
