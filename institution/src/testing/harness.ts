/**
 * TEST SUPPORT ONLY. A real institution server (HTTPS on 127.0.0.1, SQLite in a fresh temp
 * dir, demo operators seeded, one workstation provisioned so operators can sign in) with a
 * hand-driven clock and a client trusting its CA.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { API_PREFIX, ChallengeResponse, LoginResponse } from '../../contract/api.ts';
import type { AnchorRequest, RegisterWorkstationResponse } from '../../contract/api.ts';
import { auditEventHash, bodyDigest } from '../../contract/audit-hash.ts';
import { GENESIS_HASH } from '../../contract/audit.ts';
import type { AuditEvent, AuditEventBody } from '../../contract/audit.ts';
import { PROOF_HEADER, auditHeadMessage, formatProofHeader, proofMessage } from '../../contract/workstation-proof.ts';
import type { ScryptParams } from '../auth/password.ts';
import { databasePath } from '../data-dir.ts';
import { seedDemo } from '../seed/demo.ts';
import { startInstitutionServer } from '../server.ts';
import type { InstitutionServer, InstitutionServerOptions } from '../server.ts';
import { registerWorkstation } from '../workstations/registration.ts';
import { createHttpsClient } from './https-client.ts';
import type { HttpResponse, HttpsTestClient } from './https-client.ts';
import { openEventStream } from './sse-client.ts';
import type { SseStream } from './sse-client.ts';

/** Real scrypt, cheaper parameters: tests log in hundreds of times. */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };

export interface TestClock {
  (): number;
  advance(ms: number): void;
}

export function createTestClock(start = Date.now()): TestClock {
  let t = start;
  const clock = (() => t) as TestClock;
  clock.advance = (ms) => {
    t += ms;
  };
  return clock;
}

/** The workstation every test institution provisions at start; `login` uses it by default. */
export const TEST_WORKSTATION_ID = 'WS-TEST-01';
/** The site-profile serial test logins report (the institution's minimum is 0 unless a test raises it). */
export const TEST_PROFILE_SERIAL = 1;

/**
 * Tests sign in hundreds of times from 127.0.0.1, mostly on purpose wrongly; the per-source
 * limit would cut them off. Tests of the limit itself pass their own `authRateLimit`.
 */
const TEST_AUTH_RATE_LIMIT = { burst: 1_000_000, refillPerMinute: 1_000_000 };
/** Likewise for update checks: tests of the throttle itself pass their own `updateCheckRateLimit`. */
const TEST_UPDATE_CHECK_RATE_LIMIT = { perSource: { burst: 1_000_000, refillPerMinute: 1_000_000 }, perWorkstation: { burst: 1_000_000, refillPerMinute: 1_000_000 } };

export interface LoginExtra {
  totp?: string;
  /** A workstation this institution provisioned (default TEST_WORKSTATION_ID). */
  workstationId?: string;
  profileSerial?: number;
}

export interface TestInstitution {
  server: InstitutionServer;
  clock: TestClock;
  client: HttpsTestClient;
  dataDir: string;
  /** TEST_WORKSTATION_ID, registered and enrolled with this key. */
  workstation: TestWorkstation;
  /** Registers an id the way IT does (registerWorkstation on the data dir, at the test clock). */
  register(workstationId: string): Promise<RegisterWorkstationResponse>;
  /** Registers the workstation and enrolls its key with the code, expecting 201. */
  provision(workstation: TestWorkstation): Promise<void>;
  login(operatorId: string, password: string, extra?: LoginExtra): Promise<LoginResponse>;
  /** `POST /auth/challenge` for a workstation: the nonce (throws on any other answer). */
  challenge(workstationId: string): Promise<string>;
  /** A fresh challenge, signed by `workstation` for `path` and `body`: the headers to send. */
  proof(workstation: TestWorkstation, path: string, body: unknown): Promise<Record<string, string>>;
  /** A provisioned workstation by id (login and proof use these keys). */
  workstationOf(workstationId: string): TestWorkstation;
  /** `POST /auth/refresh` with the proof of `workstation` (default: the test workstation). */
  refresh(refreshToken: string, workstation?: TestWorkstation): Promise<HttpResponse>;
  /** `POST /auth/reauthenticate` with the proof of `workstation` (default: the test workstation). */
  reauthenticate(accessToken: string, password: string, workstation?: TestWorkstation): Promise<HttpResponse>;
  /** `POST /auth/console-login` (institution staff, no workstation). */
  consoleLogin(operatorId: string, password: string): Promise<LoginResponse>;
  events(token: string, lastEventId?: string): Promise<SseStream>;
  /** The operator's failed sign-in attempts as stored (read-only SQLite): what lockout counts. */
  failedAttempts(operatorId: string): number;
  close(): Promise<void>;
}

export async function startTestInstitution(options: Partial<InstitutionServerOptions> = {}): Promise<TestInstitution> {
  const dataDir = await mkdtemp(join(tmpdir(), 'institution-test-'));
  const clock = createTestClock();
  await seedDemo({ dataDir, passwordHashing: TEST_SCRYPT, now: clock });
  const server = await startInstitutionServer({ dataDir, port: 0, now: clock, passwordHashing: TEST_SCRYPT, authRateLimit: TEST_AUTH_RATE_LIMIT, updateCheckRateLimit: TEST_UPDATE_CHECK_RATE_LIMIT, ...options });
  const client = createHttpsClient(server.url, server.caCertPem);
  const streams: SseStream[] = [];
  const provisioned = new Map<string, TestWorkstation>();
  const register = (workstationId: string) => registerWorkstation({ dataDir, workstationId, now: clock });
  const provision = async (workstation: TestWorkstation): Promise<void> => {
    const { enrollmentCode } = await register(workstation.id);
    const json = { workstationId: workstation.id, publicKey: workstation.publicKeyBase64, enrollmentCode };
    const response = await client.request('POST', `${API_PREFIX}/workstations/enroll`, { json });
    if (response.status !== 201) throw new Error(`enroll ${workstation.id} answered ${response.status}: ${response.text}`);
    provisioned.set(workstation.id, workstation);
  };
  const workstationOf = (workstationId: string): TestWorkstation => {
    const found = provisioned.get(workstationId);
    if (found === undefined) throw new Error(`test harness: ${workstationId} was not provisioned here`);
    return found;
  };
  const challenge = async (workstationId: string): Promise<string> => {
    const response = await client.request('POST', `${API_PREFIX}/auth/challenge`, { json: { workstationId } });
    if (response.status !== 200) throw new Error(`challenge ${workstationId} answered ${response.status}: ${response.text}`);
    return ChallengeResponse.parse(response.json).nonce;
  };
  const proof = async (workstation: TestWorkstation, path: string, body: unknown) => workstation.proofHeaders(path, body, await challenge(workstation.id));
  const workstation = createTestWorkstation(TEST_WORKSTATION_ID);
  try {
    await provision(workstation);
  } catch (error) {
    client.close();
    await server.close();
    throw error;
  }
  return {
    server,
    clock,
    client,
    dataDir,
    workstation,
    register,
    provision,
    challenge,
    proof,
    workstationOf,
    async login(operatorId, password, extra = {}) {
      const workstationId = extra.workstationId ?? TEST_WORKSTATION_ID;
      const path = `${API_PREFIX}/auth/login`;
      const json = { operatorId, password, workstationId, profileSerial: extra.profileSerial ?? TEST_PROFILE_SERIAL, ...(extra.totp === undefined ? {} : { totp: extra.totp }) };
      const response = await client.request('POST', path, { json, headers: await proof(workstationOf(workstationId), path, json) });
      if (response.status !== 200) throw new Error(`login ${operatorId} answered ${response.status}: ${response.text}`);
      return LoginResponse.parse(response.json);
    },
    async refresh(refreshToken, ws = workstation) {
      const path = `${API_PREFIX}/auth/refresh`;
      const json = { refreshToken };
      return client.request('POST', path, { json, headers: await proof(ws, path, json) });
    },
    async reauthenticate(accessToken, password, ws = workstation) {
      const path = `${API_PREFIX}/auth/reauthenticate`;
      const json = { password };
      return client.request('POST', path, { token: accessToken, json, headers: await proof(ws, path, json) });
    },
    async consoleLogin(operatorId, password) {
      const response = await client.request('POST', `${API_PREFIX}/auth/console-login`, { json: { operatorId, password } });
      if (response.status !== 200) throw new Error(`console login ${operatorId} answered ${response.status}: ${response.text}`);
      return LoginResponse.parse(response.json);
    },
    async events(token, lastEventId) {
      const stream = await openEventStream(`${server.url}${API_PREFIX}/events`, server.caCertPem, token, lastEventId);
      streams.push(stream);
      return stream;
    },
    failedAttempts(operatorId) {
      const db = new Database(databasePath(dataDir), { readonly: true });
      try {
        return (db.prepare('SELECT failed_attempts FROM operators WHERE id = ?').get(operatorId) as { failed_attempts: number }).failed_attempts;
      } finally {
        db.close();
      }
    },
    async close() {
      for (const stream of streams) stream.close();
      client.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A workstation's signing key and chain builder, made with node:crypto like the desktop would. */
export interface TestWorkstation {
  id: string;
  publicKeyBase64: string;
  privateKey: KeyObject;
  /** Builds `count` properly linked, hashed and signed events starting at seq 1. */
  chain(count: number): AuditEvent[];
  /** Re-hashes and re-signs an edited body with this workstation's key. */
  seal(body: AuditEventBody): AuditEvent;
  /** `X-Workstation-Proof` for a POST of `body` to `path` with the challenge `nonce`. */
  proofHeaders(path: string, body: unknown, nonce: string): Record<string, string>;
  /** The signed head of a chain ending in `event`, as the heartbeat sends it. */
  signedHead(event: { seq: number; hash: string }, at: number): AnchorRequest;
}

export function createTestWorkstation(id: string): TestWorkstation {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seal = (body: AuditEventBody): AuditEvent => {
    const hash = auditEventHash(body);
    return { ...body, hash, signature: sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64') };
  };
  const signText = (text: string): string => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');
  return {
    id,
    privateKey,
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    seal,
    proofHeaders(path, body, nonce) {
      const signature = signText(proofMessage({ method: 'POST', path, workstationId: id, nonce, bodyDigest: bodyDigest(body) }));
      return { [PROOF_HEADER]: formatProofHeader({ workstationId: id, nonce, signature }) };
    },
    signedHead({ seq, hash }, at) {
      return { workstationId: id, seq, hash, at, signature: signText(auditHeadMessage({ workstationId: id, seq, hash, at })) };
    },
    chain(count) {
      const events: AuditEvent[] = [];
      let prevHash = GENESIS_HASH;
      for (let seq = 1; seq <= count; seq += 1) {
        const event = seal({
          workstationId: id,
          seq,
          prevHash,
          time: new Date(Date.UTC(2026, 0, 5, 8, 0, seq)).toISOString(),
          type: 'session.login',
          actor: 'A1001',
          data: { n: seq, note: `event ${seq}` },
        });
        events.push(event);
        prevHash = event.hash;
      }
      return events;
    },
  };
}
