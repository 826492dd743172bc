import { generateKeyPairSync } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, EnrollWorkstationResponse, RegisterWorkstationResponse } from '../../contract/api.ts';
import { databasePath } from '../data-dir.ts';
import { createHttpsClient } from '../testing/https-client.ts';
import type { HttpResponse, HttpsTestClient } from '../testing/https-client.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import { ENROLLMENT_CODE_TTL_MS, hashEnrollmentCode, newEnrollmentCode } from '../workstations/registration.ts';

/**
 * Provisioning over real HTTPS and SQLite: IT registers a workstation id and gets a
 * one-time code; the workstation enrolls its key with it, without any operator session.
 */
const keyOf = (): string => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const codeOf = (response: HttpResponse): string => ApiError.parse(response.json).error.code;

describe('workstation provisioning (one-time enrollment codes)', () => {
  let t: TestInstitution;
  let admin: string;
  let counter = 0;
  const nextId = (): string => `WS-PROV-${(counter += 1)}`;

  beforeAll(async () => {
    // The clock jumps past code expiries here; the admin's token must outlive them.
    t = await startTestInstitution({ tokenTtl: { accessSeconds: 365 * 86_400, refreshSeconds: 365 * 86_400 } });
    admin = (await t.login('ADM01', 'Admin#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const register = (workstationId: string, token: string | null = admin) =>
    t.client.request('POST', `${API_PREFIX}/admin/workstations`, { ...(token === null ? {} : { token }), json: { workstationId } });
  const enroll = (json: Record<string, unknown>, client: HttpsTestClient = t.client) => client.request('POST', `${API_PREFIX}/workstations/enroll`, { json });

  async function registered(workstationId: string): Promise<RegisterWorkstationResponse> {
    const response = await register(workstationId);
    expect(response.status).toBe(201);
    return RegisterWorkstationResponse.parse(response.json);
  }

  function storedRegistration(workstationId: string): { code_hash: string; used_at: number | null; registered_by: string | null } | undefined {
    const db = new Database(databasePath(t.dataDir), { readonly: true });
    try {
      return db.prepare('SELECT code_hash, used_at, registered_by FROM workstation_registrations WHERE workstation_id = ?').get(workstationId) as
        | { code_hash: string; used_at: number | null; registered_by: string | null }
        | undefined;
    } finally {
      db.close();
    }
  }

  it('an admin registers a workstation: a 128-bit base32 code, shown once, stored only as its sha256, valid 72 h', async () => {
    const id = nextId();
    const body = await registered(id);
    expect(body.workstationId).toBe(id);
    expect(body.enrollmentCode).toMatch(/^[A-Z2-7]{26}$/);
    expect(Date.parse(body.expiresAt) - t.clock()).toBe(ENROLLMENT_CODE_TTL_MS);
    expect(ENROLLMENT_CODE_TTL_MS).toBe(72 * 3600 * 1000);
    const row = storedRegistration(id);
    expect(row).toEqual({ code_hash: hashEnrollmentCode(body.enrollmentCode), used_at: null, registered_by: 'ADM01' });
    expect(JSON.stringify(row)).not.toContain(body.enrollmentCode);
    expect(newEnrollmentCode()).not.toBe(newEnrollmentCode());
  });

  it('needs operators.manage, and a well-formed id', async () => {
    expect((await register(nextId(), null)).status).toBe(401);
    const agent = await t.login('A1001', 'Agent#2026');
    const denied = await register(nextId(), agent.accessToken);
    expect(denied.status).toBe(403);
    expect(codeOf(denied)).toBe('forbidden');
    const bad = await register('bad id!');
    expect(bad.status).toBe(400);
    expect(codeOf(bad)).toBe('bad_request');
  });

  it('enrolls with the code and no session (201); the code is spent; the same key again is 200, another key 409', async () => {
    const id = nextId();
    const { enrollmentCode } = await registered(id);
    const key = keyOf();
    const first = await enroll({ workstationId: id, publicKey: key, enrollmentCode });
    expect(first.status).toBe(201);
    const body = EnrollWorkstationResponse.parse(first.json);
    expect(body).toEqual({ workstationId: id, enrolledAt: new Date(t.clock()).toISOString() });
    expect(storedRegistration(id)?.used_at).toBe(t.clock());

    t.clock.advance(60_000);
    // Idempotent for the same id and key: with the spent code, a wrong one, or none.
    for (const extra of [{ enrollmentCode }, { enrollmentCode: newEnrollmentCode() }, {}]) {
      const again = await enroll({ workstationId: id, publicKey: key, ...extra });
      expect(again.status).toBe(200);
      expect(EnrollWorkstationResponse.parse(again.json).enrolledAt).toBe(body.enrolledAt);
    }
    // The spent code cannot enroll another key, and neither can anything else.
    for (const extra of [{ enrollmentCode }, {}]) {
      const other = await enroll({ workstationId: id, publicKey: keyOf(), ...extra });
      expect(other.status).toBe(409);
      expect(codeOf(other)).toBe('conflict');
    }
  });

  it('refuses a wrong, missing, expired or other workstation’s code, and unregistered ids, with one 403 answer', async () => {
    const id = nextId();
    const { enrollmentCode } = await registered(id);
    const other = await registered(nextId());
    const refusals = [
      await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode: newEnrollmentCode() }),
      await enroll({ workstationId: id, publicKey: keyOf() }),
      await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode: other.enrollmentCode }),
      await enroll({ workstationId: 'WS-NEVER-REGISTERED', publicKey: keyOf(), enrollmentCode }),
    ];
    t.clock.advance(ENROLLMENT_CODE_TTL_MS);
    refusals.push(await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode }));
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(new Set(refusals.map((r) => r.text)).size).toBe(1);
    expect(codeOf(refusals[0] as HttpResponse)).toBe('forbidden');
    expect(storedRegistration(id)?.used_at).toBeNull();
    // A new registration of the not-yet-enrolled id issues a fresh code.
    const renewed = await registered(id);
    expect((await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode: renewed.enrollmentCode })).status).toBe(201);
  });

  it('a code is valid until just before its expiry', async () => {
    const id = nextId();
    const { enrollmentCode } = await registered(id);
    t.clock.advance(ENROLLMENT_CODE_TTL_MS - 1);
    expect((await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode })).status).toBe(201);
  });

  it('registering again replaces the code (the old one stops working); an enrolled id is 409', async () => {
    const id = nextId();
    const old = await registered(id);
    const renewed = await registered(id);
    expect(renewed.enrollmentCode).not.toBe(old.enrollmentCode);
    expect((await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode: old.enrollmentCode })).status).toBe(403);
    expect((await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode: renewed.enrollmentCode })).status).toBe(201);
    const again = await register(id);
    expect(again.status).toBe(409);
    expect(codeOf(again)).toBe('conflict');
  });

  it('a code spent concurrently by many enrollments (different keys) enrolls exactly one key', async () => {
    const BURST = 20;
    const burst = createHttpsClient(t.server.url, t.server.caCertPem, { maxSockets: BURST });
    try {
      const warm = await Promise.all(Array.from({ length: BURST }, () => burst.request('GET', `${API_PREFIX}/health`)));
      expect(warm.every((r) => r.status === 200)).toBe(true);
      const id = nextId();
      const { enrollmentCode } = await registered(id);
      const keys = Array.from({ length: BURST }, keyOf);
      const results = await Promise.all(keys.map((publicKey) => enroll({ workstationId: id, publicKey, enrollmentCode }, burst)));
      const winners = results.flatMap((r, i) => (r.status === 201 ? [keys[i] as string] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409 || r.status === 403)).toBe(true);
      // The stored key is the winner's.
      expect((await enroll({ workstationId: id, publicKey: winners[0] })).status).toBe(200);
    } finally {
      burst.close();
    }
  });

  it('refuses keys that are not Ed25519 SPKI with 400', async () => {
    const id = nextId();
    const { enrollmentCode } = await registered(id);
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    for (const publicKey of [ecKey, 'AAAA', Buffer.from('not a key').toString('base64')]) {
      const response = await enroll({ workstationId: id, publicKey, enrollmentCode });
      expect(response.status).toBe(400);
      expect(codeOf(response)).toBe('bad_request');
    }
    const badCode = await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode: 'not-a-code' });
    expect(badCode.status).toBe(400);
    // Malformed requests spent nothing.
    expect((await enroll({ workstationId: id, publicKey: keyOf(), enrollmentCode })).status).toBe(201);
  });
});
