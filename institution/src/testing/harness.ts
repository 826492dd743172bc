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
import { API_PREFIX, LoginResponse } from '../../contract/api.ts';
import type { RegisterWorkstationResponse } from '../../contract/api.ts';
import { auditEventHash } from '../../contract/audit-hash.ts';
import { GENESIS_HASH } from '../../contract/audit.ts';
import type { AuditEvent, AuditEventBody } from '../../contract/audit.ts';
import type { ScryptParams } from '../auth/password.ts';
import { seedDemo } from '../seed/demo.ts';
import { startInstitutionServer } from '../server.ts';
import type { InstitutionServer, InstitutionServerOptions } from '../server.ts';
import { registerWorkstation } from '../workstations/registration.ts';
import { createHttpsClient } from './https-client.ts';
import type { HttpsTestClient } from './https-client.ts';
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
  login(operatorId: string, password: string, extra?: { totp?: string; workstationId?: string }): Promise<LoginResponse>;
  events(token: string, lastEventId?: string): Promise<SseStream>;
  close(): Promise<void>;
}

export async function startTestInstitution(options: Partial<InstitutionServerOptions> = {}): Promise<TestInstitution> {
  const dataDir = await mkdtemp(join(tmpdir(), 'institution-test-'));
  const clock = createTestClock();
  await seedDemo({ dataDir, passwordHashing: TEST_SCRYPT, now: clock });
  const server = await startInstitutionServer({ dataDir, port: 0, now: clock, passwordHashing: TEST_SCRYPT, ...options });
  const client = createHttpsClient(server.url, server.caCertPem);
  const streams: SseStream[] = [];
  const register = (workstationId: string) => registerWorkstation({ dataDir, workstationId, now: clock });
  const provision = async (workstation: TestWorkstation): Promise<void> => {
    const { enrollmentCode } = await register(workstation.id);
    const json = { workstationId: workstation.id, publicKey: workstation.publicKeyBase64, enrollmentCode };
    const response = await client.request('POST', `${API_PREFIX}/workstations/enroll`, { json });
    if (response.status !== 201) throw new Error(`enroll ${workstation.id} answered ${response.status}: ${response.text}`);
  };
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
    async login(operatorId, password, extra = {}) {
      const response = await client.request('POST', `${API_PREFIX}/auth/login`, {
        json: { operatorId, password, workstationId: extra.workstationId ?? TEST_WORKSTATION_ID, ...(extra.totp === undefined ? {} : { totp: extra.totp }) },
      });
      if (response.status !== 200) throw new Error(`login ${operatorId} answered ${response.status}: ${response.text}`);
      return LoginResponse.parse(response.json);
    },
    async events(token, lastEventId) {
      const stream = await openEventStream(`${server.url}${API_PREFIX}/events`, server.caCertPem, token, lastEventId);
      streams.push(stream);
      return stream;
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
}

export function createTestWorkstation(id: string): TestWorkstation {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seal = (body: AuditEventBody): AuditEvent => {
    const hash = auditEventHash(body);
    return { ...body, hash, signature: sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64') };
  };
  return {
    id,
    privateKey,
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    seal,
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
