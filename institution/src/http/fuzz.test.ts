import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import type { HttpResponse } from '../testing/https-client.ts';

/**
 * Hostile input on every endpoint: any JSON, right keys with wrong types, huge strings,
 * garbage and invalid UTF-8 bytes, wrong content types, random headers and ids. The server
 * must answer every one with a 4xx ApiError (or the endpoint's success code), never a 5xx.
 */
interface Endpoint {
  method: string;
  path: string;
  ok: number[];
  keys: string[];
  /** Whether fuzzing may send a valid admin token (not where it would end the session or stream). */
  withToken: boolean;
  /** The valid token sent is an agent's (the phone's endpoints need calls.handle at a workstation). */
  asAgent?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: '/health', ok: [200], keys: [], withToken: true },
  { method: 'GET', path: '/site-profile', ok: [200], keys: [], withToken: true },
  { method: 'POST', path: '/auth/challenge', ok: [200], keys: ['workstationId'], withToken: true },
  { method: 'POST', path: '/auth/login', ok: [200], keys: ['operatorId', 'password', 'totp', 'workstationId', 'profileSerial'], withToken: true },
  { method: 'POST', path: '/auth/console-login', ok: [200], keys: ['operatorId', 'password', 'totp'], withToken: true },
  { method: 'POST', path: '/auth/refresh', ok: [200], keys: ['refreshToken'], withToken: true },
  { method: 'POST', path: '/auth/logout', ok: [204], keys: [], withToken: false },
  { method: 'POST', path: '/auth/reauthenticate', ok: [204], keys: ['password'], withToken: true },
  { method: 'GET', path: '/me', ok: [200], keys: [], withToken: true },
  { method: 'POST', path: '/workstations/enroll', ok: [200, 201], keys: ['workstationId', 'publicKey', 'enrollmentCode'], withToken: true },
  { method: 'POST', path: '/audit/events', ok: [200], keys: ['events'], withToken: true },
  { method: 'POST', path: '/workstations/anchor', ok: [200], keys: ['workstationId', 'seq', 'hash', 'at', 'signature'], withToken: true },
  { method: 'GET', path: '/events', ok: [], keys: [], withToken: false },
  { method: 'POST', path: '/admin/operators', ok: [201], keys: ['id', 'displayName', 'password', 'roles', 'team'], withToken: true },
  { method: 'PATCH', path: '/admin/operators/{id}', ok: [200], keys: ['disabled'], withToken: true },
  { method: 'POST', path: '/admin/workstations', ok: [201], keys: ['workstationId'], withToken: true },
  { method: 'PUT', path: '/admin/policy', ok: [200], keys: ['idleLockSeconds', 'watermark'], withToken: true },
  { method: 'GET', path: '/admin/audit/workstations/{id}', ok: [200], keys: [], withToken: true },
  { method: 'GET', path: '/admin/audit/workstations/{id}/server-events', ok: [200], keys: [], withToken: true },
  { method: 'GET', path: '/admin/audit/staff-actions', ok: [200], keys: [], withToken: true },
  { method: 'POST', path: '/phone/credentials', ok: [200], keys: ['operatorId', 'ttl'], withToken: true, asAgent: true },
  { method: 'PUT', path: '/phone/state', ok: [204], keys: ['state', 'reasonCode', 'callId'], withToken: true, asAgent: true },
  { method: 'GET', path: '/phone/codes', ok: [200], keys: [], withToken: true, asAgent: true },
  { method: 'GET', path: '/admin/phone/states', ok: [200], keys: [], withToken: true },
  { method: 'POST', path: '/phone/callers/lookup', ok: [200], keys: ['number'], withToken: true, asAgent: true },
  { method: 'POST', path: '/phone/calls', ok: [200], keys: ['callId', 'operatorId', 'direction', 'remote', 'startedAt', 'endedAt', 'disposition', 'states', 'quality'], withToken: true, asAgent: true },
  { method: 'GET', path: '/admin/phone/calls', ok: [200], keys: [], withToken: true },
  { method: 'GET', path: '/kb/spaces', ok: [200], keys: [], withToken: true, asAgent: true },
  { method: 'GET', path: '/kb/search?q={id}', ok: [200], keys: [], withToken: true, asAgent: true },
  { method: 'GET', path: '/kb/mandatory', ok: [200], keys: [], withToken: true, asAgent: true },
  { method: 'POST', path: '/kb/articles', ok: [201], keys: ['spaceId', 'title', 'body', 'mandatory'], withToken: true },
  { method: 'GET', path: '/kb/articles/{id}', ok: [200], keys: [], withToken: true, asAgent: true },
  { method: 'GET', path: '/kb/articles/{id}/versions', ok: [200], keys: [], withToken: true },
  { method: 'POST', path: '/kb/articles/{id}/versions', ok: [201], keys: ['baseVersion', 'title', 'body', 'mandatory'], withToken: true },
  { method: 'POST', path: '/kb/articles/{id}/publish', ok: [200], keys: ['version'], withToken: true },
  { method: 'POST', path: '/kb/articles/{id}/retire', ok: [200], keys: ['version'], withToken: true },
  { method: 'POST', path: '/kb/articles/{id}/acknowledge', ok: [204], keys: ['version'], withToken: true, asAgent: true },
  { method: 'GET', path: '/kb/articles/{id}/unread', ok: [200], keys: [], withToken: true },
  { method: 'POST', path: '/kb/images?space={id}', ok: [200, 201], keys: [], withToken: true },
  { method: 'GET', path: '/kb/images/{id}', ok: [200], keys: [], withToken: true, asAgent: true },
];

const printable = fc.string({ unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))), maxLength: 60 });
const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);
const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/xml', ''),
  printable,
);
const jsonText = (value: unknown): string => JSON.stringify(value) ?? 'null';

function bodyFor(endpoint: Endpoint): fc.Arbitrary<string | Buffer | undefined> {
  const wrongTypes = endpoint.keys.length === 0 ? fc.jsonValue() : fc.dictionary(fc.constantFrom(...endpoint.keys), fc.jsonValue(), { maxKeys: endpoint.keys.length });
  return fc.oneof(
    fc.constant(undefined),
    fc.jsonValue().map(jsonText),
    wrongTypes.map(jsonText),
    fc.integer({ min: 1_000, max: 400_000 }).map((n) => jsonText(Object.fromEntries(endpoint.keys.map((k) => [k, 'x'.repeat(n)])))),
    fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => Buffer.concat([Buffer.from(`{"${endpoint.keys[0] ?? 'a'}":"`), Buffer.from([0xff, 0xfe, ...bytes]), Buffer.from('"}')])),
    fc.constantFrom('{', '[]', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '""', '1e999', '{"a":1,"a":2}'),
  );
}

/** Proof and audit-head headers: absent, random text, or the right shape with wrong parts. */
const base64Of = (length: number) => fc.uint8Array({ minLength: length, maxLength: length }).map((bytes) => Buffer.from(bytes).toString('base64'));
const proofHeader = fc.oneof(
  fc.constant(undefined),
  printable,
  fc.tuple(fc.constantFrom('WS-TEST-01', 'WS-NOBODY', '..', 'x'.repeat(64)), fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), base64Of(64)).map(([ws, nonce, sig]) => `v1 ${ws} ${nonce} ${sig}`),
);
const auditHeadHeader = fc.oneof(
  fc.constant(undefined),
  printable,
  fc.tuple(fc.nat(), fc.stringMatching(/^[0-9a-f]{64}$/), fc.nat(), base64Of(64)).map(([seq, hash, at, sig]) => `${seq}.${hash}.${at}.${sig}`),
);

const idSegment = fc.oneof(fc.constantFrom('A1001', 'ADM01', 'WS-1', '1', '3', '%00', '..', '%2F', '%E0%A4%A'), printable.map((s) => encodeURIComponent(s)).filter((s) => s.length > 0));

describe('fuzzing every endpoint', () => {
  let t: TestInstitution;
  let adminToken: string;
  let agentToken: string;
  beforeAll(async () => {
    t = await startTestInstitution({ bodyLimitBytes: 256 * 1024, sipSecret: 'ZnV6ei1zaXAtc2VjcmV0LTAx', sipDomain: 'sip.fuzz.test' });
    adminToken = (await t.login('ADM01', 'Admin#2026')).accessToken;
    agentToken = (await t.login('A1001', 'Agent#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  function expectApiAnswer(endpoint: Endpoint, response: HttpResponse): void {
    if (endpoint.ok.includes(response.status)) return;
    expect(response.status, `${endpoint.method} ${endpoint.path} → ${response.status} ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(ApiError.safeParse(response.json).success, response.text.slice(0, 200)).toBe(true);
  }

  it.each(ENDPOINTS)('$method $path answers hostile requests with 4xx ApiError or success', async (endpoint) => {
    await fc.assert(
      fc.asyncProperty(
        bodyFor(endpoint),
        contentType,
        fc.dictionary(headerName, printable, { maxKeys: 4 }),
        fc.oneof(fc.constant(undefined), fc.constant('valid'), printable.map((s) => `Bearer ${s}`), printable),
        idSegment,
        printable,
        proofHeader,
        auditHeadHeader,
        async (body, type, headers, authorization, id, lastEventId, proof, auditHead) => {
          const requestHeaders: Record<string, string> = { ...headers };
          if (proof !== undefined) requestHeaders['x-workstation-proof'] = proof;
          if (auditHead !== undefined) requestHeaders['x-audit-head'] = auditHead;
          if (body !== undefined) requestHeaders['content-type'] = type;
          if (authorization === 'valid' && endpoint.withToken) requestHeaders.authorization = `Bearer ${endpoint.asAgent === true ? agentToken : adminToken}`;
          else if (authorization !== undefined && authorization !== 'valid') requestHeaders.authorization = authorization;
          if (endpoint.path === '/events') requestHeaders['last-event-id'] = lastEventId;
          const path = `${API_PREFIX}${endpoint.path.replace('{id}', id)}`;
          const response = await t.client.request(endpoint.method, path, { body, headers: requestHeaders });
          expectApiAnswer(endpoint, response);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('any method on any path under the API answers 4xx ApiError or success, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.array(idSegment, { minLength: 0, maxLength: 4 }),
        fc.oneof(fc.constant(undefined), fc.jsonValue().map(jsonText)),
        async (method, segments, body) => {
          const response = await t.client.request(method, `${API_PREFIX}/${segments.join('/')}`, {
            body,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
          });
          if (response.status >= 200 && response.status < 300) return;
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(ApiError.safeParse(response.json).success, response.text.slice(0, 200)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
