import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, Operator } from '../../contract/api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

describe('admin endpoints and error shapes', () => {
  let t: TestInstitution;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    t = await startTestInstitution({ bodyLimitBytes: 4096 });
    admin = (await t.login('ADM01', 'Admin#2026')).accessToken;
    agent = (await t.login('A1001', 'Agent#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const expectError = (response: { status: number; json: unknown }, status: number, code: string): ApiError['error'] => {
    expect(response.status).toBe(status);
    const error = ApiError.parse(response.json).error;
    expect(error.code).toBe(code);
    return error;
  };

  it('creates an operator (201) who can log in; a duplicate id is 409', async () => {
    const json = { id: 'N0001', displayName: '新人', password: 'Newbie#2026', roles: ['agent', 'qa'], team: 'team-2', teamName: '理财专线二组' };
    const created = await t.client.request('POST', `${API_PREFIX}/admin/operators`, { token: admin, json });
    expect(created.status).toBe(201);
    expect(Operator.parse(created.json)).toMatchObject({ id: 'N0001', roles: ['agent', 'qa'], team: 'team-2', teamName: '理财专线二组', totpEnabled: false });
    expect(created.text).not.toContain('Newbie#2026');
    const signedIn = (await t.login('N0001', 'Newbie#2026')).operator;
    expect(signedIn.permissions).toContain('audit.read');
    expect(signedIn.teamName).toBe('理财专线二组');
    expectError(await t.client.request('POST', `${API_PREFIX}/admin/operators`, { token: admin, json }), 409, 'conflict');
  });

  it('enforces permissions: an agent gets 403 on every admin endpoint', async () => {
    const calls: [string, string, unknown][] = [
      ['POST', '/admin/operators', { id: 'X', displayName: 'x', password: 'xxxxxxxx', roles: ['agent'], team: null }],
      ['PATCH', '/admin/operators/A1001', { disabled: true }],
      ['POST', '/admin/workstations', { workstationId: 'WS-AGENT-MADE' }],
      ['PUT', '/admin/policy', { watermark: false }],
      ['GET', '/admin/audit/workstations/WS-1', undefined],
    ];
    for (const [method, path, json] of calls) {
      expectError(await t.client.request(method, `${API_PREFIX}${path}`, { token: agent, json }), 403, 'forbidden');
      expectError(await t.client.request(method, `${API_PREFIX}${path}`, { json }), 401, 'unauthorized');
    }
    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: agent })).status).toBe(200);
  });

  it('PATCH an unknown operator is 404; PUT policy validates ranges', async () => {
    expectError(await t.client.request('PATCH', `${API_PREFIX}/admin/operators/NOBODY`, { token: admin, json: { disabled: true } }), 404, 'not_found');
    expectError(await t.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: admin, json: { idleLockSeconds: 0 } }), 400, 'bad_request');
    expectError(await t.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: admin, json: { extra: 1 } }), 400, 'bad_request');
  });

  it('validation failures are 400 bad_request with an English message that never echoes secrets', async () => {
    const secret = 'Very$ecret-Passw0rd';
    // With a valid proof, so that the body's shape is what gets refused.
    const json = { operatorId: 'bad id!', password: secret, workstationId: 'W' };
    const response = await t.client.request('POST', `${API_PREFIX}/auth/login`, { json, headers: await t.proof(t.workstation, `${API_PREFIX}/auth/login`, json) });
    const error = expectError(response, 400, 'bad_request');
    expect(error.message).toMatch(/operatorId/);
    expect(response.text).not.toContain(secret);
    const broken = await t.client.request('POST', `${API_PREFIX}/auth/login`, { body: `{"password":"${secret}",`, headers: { 'content-type': 'application/json' } });
    expectError(broken, 400, 'bad_request');
    expect(broken.text).not.toContain(secret);
    // Without a proof, the same body is refused for that first, and never quoted either.
    const unproven = await t.client.request('POST', `${API_PREFIX}/auth/login`, { json });
    expectError(unproven, 401, 'workstation_proof_required');
    expect(unproven.text).not.toContain(secret);
  });

  it('wrong content type → 415, oversized body → 413, empty JSON body → 400', async () => {
    const text = await t.client.request('POST', `${API_PREFIX}/auth/login`, { body: 'operatorId=A1001', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectError(text, 415, 'unsupported_media_type');
    expectError(await t.client.request('POST', `${API_PREFIX}/auth/login`, { body: 'hello', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    const huge = await t.client.request('POST', `${API_PREFIX}/auth/login`, { json: { operatorId: 'A1001', password: 'x'.repeat(10_000), workstationId: 'W' } });
    expectError(huge, 413, 'payload_too_large');
    expectError(await t.client.request('POST', `${API_PREFIX}/auth/login`, { body: '', headers: { 'content-type': 'application/json' } }), 400, 'bad_request');
  });

  it('unknown routes and methods → 404 in the ApiError shape', async () => {
    expectError(await t.client.request('GET', '/'), 404, 'not_found');
    expectError(await t.client.request('GET', `${API_PREFIX}/nope`), 404, 'not_found');
    expectError(await t.client.request('DELETE', `${API_PREFIX}/me`, { token: agent }), 404, 'not_found');
  });

  it('answers HTTP that does not even parse with an ApiError too', async () => {
    const { hostname, port } = new URL(t.server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port), ca: t.server.caCertPem, servername: 'localhost' }, () => {
        socket.write('NOT-HTTP \u0001\r\n\r\n');
      });
      let text = '';
      socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(ApiError.parse(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).error.code).toBe('bad_request');
  });

  it('sets no-store and nosniff on API answers', async () => {
    const response = await t.client.request('GET', `${API_PREFIX}/health`);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
