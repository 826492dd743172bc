import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_HEAD_HEADER, PROOF_HEADER } from '../../../institution/contract/workstation-proof.ts';
import { createAuditChain, type AuditChain } from '../audit/chain.ts';
import { loadOrCreateWorkstationKey } from '../audit/workstation-key.ts';
import { createWorkstationSigner, signerAuth } from '../audit/workstation-signer.ts';
import { startTestInstitution, type TestInstitution } from '../desk-core.harness.ts';
import { createLoopbackPki, type IssuedCertificate, type TestCa } from '../net/testing/pki.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore } from '../outbox/store.ts';
import { ApiFailure, createInstitutionClient, type InstitutionClient } from './client.ts';
import { sendJson, startHttpsServer, type TestServer } from './testing/https-server.ts';

/**
 * The client proves the workstation: a fresh challenge, signed by the enrolled key, on
 * login, refresh and unlock; the chain's signed head on every call of a session. Against
 * the real institution for what it accepts, and a scripted HTTPS server for the one rule
 * a real server cannot show: the login itself is never sent twice.
 */
let institution: TestInstitution;
let admin: string;
let ca: TestCa;
let tls: IssuedCertificate;
beforeAll(async () => {
  institution = await startTestInstitution();
  admin = await institution.token('ADM01', 'Admin#2026');
  ({ ca, server: tls } = await createLoopbackPki());
});
afterAll(async () => {
  await institution?.close();
});
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let counter = 0;
async function workstation(): Promise<{ id: string; chain: AuditChain; client: InstitutionClient; auth: ReturnType<typeof signerAuth> }> {
  const id = `WS-CLIENT-PROOF-${++counter}`;
  const dir = mkdtempSync(join(tmpdir(), 'client-proof-'));
  const store = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('client-proof') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  const signingKey = loadOrCreateWorkstationKey(store);
  const chain = createAuditChain({ store, workstationId: id, signingKey, now: Date.now });
  await institution.provision(id, chain.publicKeySpkiBase64());
  const auth = signerAuth(createWorkstationSigner({ workstationId: id, signingKey, head: () => chain.head(), now: Date.now }), 1);
  const client = createInstitutionClient({ baseUrls: [institution.server.url], pins: [institution.server.tlsPin], caPem: institution.server.caCertPem, workstation: auth });
  return { id, chain, client, auth };
}

async function failureOf(promise: Promise<unknown>): Promise<ApiFailure> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiFailure);
  return error as ApiFailure;
}

describe('institution client: workstation proof (real institution)', () => {
  it('logs in, refreshes and unlocks with the proof; the institution saw the workstation each time', async () => {
    const w = await workstation();
    const session = await w.client.login({ operatorId: 'S2001', password: 'Super#2026', workstationId: w.id });
    expect(session.operator.id).toBe('S2001');
    expect(session.minProfileSerial).toBe(0);
    const pair = await w.client.refresh(session.refreshToken);
    await w.client.reauthenticate(pair.accessToken, 'Super#2026');
    const log = await institution.call('GET', `/admin/audit/workstations/${w.id}/server-events`, { token: admin });
    expect((log.body as { events: { type: string }[] }).events.map((e) => e.type)).toEqual(['login', 'refresh', 'reauthenticated']);
  });

  it('without the workstation key the same client is refused (workstation_proof_required)', async () => {
    const w = await workstation();
    const keyless = createInstitutionClient({ baseUrls: [institution.server.url], pins: [institution.server.tlsPin], caPem: institution.server.caCertPem });
    const failure = await failureOf(keyless.login({ operatorId: 'S2001', password: 'Super#2026', workstationId: w.id, profileSerial: 1 }));
    expect(failure.code).toBe('workstation_proof_required');
  });

  it("another workstation's session cannot be refreshed with this workstation's key", async () => {
    const mine = await workstation();
    const theirs = await workstation();
    const session = await theirs.client.login({ operatorId: 'S2001', password: 'Super#2026', workstationId: theirs.id });
    expect((await failureOf(mine.client.refresh(session.refreshToken))).code).toBe('workstation_proof_invalid');
    expect((await failureOf(mine.client.reauthenticate(session.accessToken, 'Super#2026'))).code).toBe('workstation_proof_invalid');
  });

  it('every call of a session anchors the chain head (X-Audit-Head)', async () => {
    const w = await workstation();
    const session = await w.client.login({ operatorId: 'S2001', password: 'Super#2026', workstationId: w.id });
    for (let i = 0; i < 3; i += 1) w.chain.append('ui.test-action', 'S2001', { n: i });
    await w.client.me(session.accessToken);
    const view = await institution.auditView(w.id, admin);
    expect(view).toMatchObject({ headSeq: 0, anchoredSeq: 3 });
  });
});

describe('institution client: the login is still sent at most once', () => {
  async function scripted(loginAnswers: boolean): Promise<TestServer> {
    let challenges = 0;
    const s = await startHttpsServer({ certPem: tls.certPem, keyPem: tls.keyPem }, (request, res) => {
      if (request.path.endsWith('/auth/challenge')) {
        challenges += 1;
        // The first challenge meets an overloaded gateway: retried, it is only a nonce.
        if (challenges === 1) return sendJson(res, 503, { error: { code: 'internal', message: 'busy' } });
        return sendJson(res, 200, { nonce: 'A'.repeat(22), expiresAt: new Date().toISOString() });
      }
      if (loginAnswers) sendJson(res, 503, { error: { code: 'internal', message: 'busy' } });
      // Otherwise never answer the login: the client times out.
    });
    cleanups.push(() => s.close());
    return s;
  }

  it.each([
    ['a 503', true],
    ['a timeout', false],
  ])('after %s on the login itself, there is no second login; the challenge was retried', async (_what, answers) => {
    const w = await workstation();
    const s = await scripted(answers);
    const client = createInstitutionClient({ baseUrls: [s.url], pins: [tls.pin], caPem: ca.certPem, timeoutMs: 300, retries: 2, backoffMs: 5, random: () => 0, workstation: w.auth });
    await failureOf(client.login({ operatorId: 'S2001', password: 'Super#2026', workstationId: w.id }));
    expect(s.requests.map((r) => r.path.split('/').pop())).toEqual(['challenge', 'challenge', 'login']);
    const login = s.requests[2];
    expect(login?.headers[PROOF_HEADER]).toMatch(new RegExp(`^v1 ${w.id} A{22} [A-Za-z0-9+/]{86}==$`));
    // Login carries no audit head (no session yet); the body carries the profile serial.
    expect(login?.headers[AUDIT_HEAD_HEADER]).toBeUndefined();
    expect(JSON.parse(login?.body ?? '{}')).toMatchObject({ profileSerial: 1, workstationId: w.id });
  });
});
