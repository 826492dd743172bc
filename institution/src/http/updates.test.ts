import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_PREFIX, ServerEventPage, StaffActionPage } from '../../contract/api.ts';
import { canonicalJson } from '../../contract/canonical-json.ts';
import { ReleaseList, UpdateCheckResponse, updateResultSignedText, type UnsignedUpdateResult } from '../../contract/update-api.ts';
import type { UpdateManifest } from '../../contract/update-manifest.ts';
import { rolloutBucket } from '../updates/rollout.ts';
import { TEST_WORKSTATION_ID } from '../testing/harness.ts';
import { useTestInstitution } from '../testing/hooks.ts';

const key = generateKeyPairSync('ed25519');
const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
const sha512 = createHash('sha512').update(body).digest('hex');

function manifest(version: string, over: Partial<UpdateManifest> = {}): UpdateManifest {
  return {
    format: 1,
    product: 'channeldesk',
    version,
    channel: 'stable',
    issuedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    artifacts: [{ platform: 'linux-x64', fileName: `ChannelDesk-${version}.AppImage`, url: `/api/v1/updates/artifacts/${sha512}`, size: body.length, sha512 }],
    ...over,
  };
}
const signed = (m: unknown) => ({ manifest: m, keyId: 'it-1', signature: sign(null, Buffer.from(canonicalJson(m)), key.privateKey).toString('base64') });

describe('the update server', () => {
  const env = useTestInstitution({}, { admin: true });
  const upload = (hash: string, bytes: Buffer, token = env.admin) =>
    env.institution.client.request('PUT', `${API_PREFIX}/admin/updates/artifacts/${hash}`, { token, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  const check = async (workstationId = TEST_WORKSTATION_ID) =>
    UpdateCheckResponse.parse((await env.institution.client.request('GET', `${API_PREFIX}/updates/check?workstationId=${workstationId}&version=0.1.0&platform=linux-x64&channel=stable`)).json);

  it('refuses uploads and publishing without updates.publish', async () => {
    const agent = (await env.institution.login('A1001', 'Agent#2026')).accessToken;
    expect((await upload(sha512, body, agent)).status).toBe(403);
    expect((await env.institution.client.request('POST', `${API_PREFIX}/admin/updates/releases`, { token: agent, json: { signed: signed(manifest('1.0.0')), rollout: { percent: 100, groups: [] } } })).status).toBe(403);
  });

  it('refuses an artifact whose bytes do not match the named sha512, and a release whose artifact is missing', async () => {
    const wrong = await upload('0'.repeat(128), body);
    expect([wrong.status, (wrong.json as { error: { code: string } }).error.code]).toEqual([400, 'bad_request']);
    const missing = await env.institution.client.request('POST', `${API_PREFIX}/admin/updates/releases`, { token: env.admin, json: { signed: signed(manifest('1.0.0')), rollout: { percent: 100, groups: [] } } });
    expect(missing.status).toBe(409);
  });

  it('publishes, offers to the rolled-in, stages out the others, halts and resumes', async () => {
    const stored = await upload(sha512, body);
    expect([stored.status, stored.json]).toEqual([201, { sha512, size: body.length }]);
    const s = signed(manifest('1.0.0'));
    const published = await env.institution.client.request('POST', `${API_PREFIX}/admin/updates/releases`, { token: env.admin, json: { signed: s, rollout: { percent: 0, groups: [] } } });
    expect(published.status).toBe(201);
    expect(await check()).toEqual({ status: 'staged-out', version: '1.0.0' });

    // A named group gets it at 0 %.
    expect((await env.institution.client.request('PUT', `${API_PREFIX}/admin/updates/groups/pilot`, { token: env.admin, json: { workstationIds: [TEST_WORKSTATION_ID] } })).status).toBe(204);
    const patch = (json: unknown) => env.institution.client.request('PATCH', `${API_PREFIX}/admin/updates/releases/stable/1.0.0`, { token: env.admin, json });
    expect((await patch({ groups: ['pilot'] })).status).toBe(200);
    // The desk gets the manifest exactly as signed.
    expect(await check()).toEqual({ status: 'offered', signed: s });

    // The percentage follows the workstation's bucket.
    const bucket = rolloutBucket('WS-OTHER-7');
    expect((await patch({ percent: bucket })).status).toBe(200);
    expect((await check('WS-OTHER-7')).status).toBe('staged-out');
    expect((await patch({ percent: bucket + 1 })).status).toBe(200);
    expect((await check('WS-OTHER-7')).status).toBe('offered');

    expect((await patch({ halted: true })).status).toBe(200);
    expect(await check()).toEqual({ status: 'halted', version: '1.0.0' });
    expect((await patch({ halted: false })).status).toBe(200);
    expect((await check()).status).toBe('offered');

    // A second publish of the same version is refused; a newer one is offered next.
    expect((await env.institution.client.request('POST', `${API_PREFIX}/admin/updates/releases`, { token: env.admin, json: { signed: s, rollout: { percent: 100, groups: [] } } })).status).toBe(409);
    expect((await env.institution.client.request('POST', `${API_PREFIX}/admin/updates/releases`, { token: env.admin, json: { signed: signed(manifest('1.10.0')), rollout: { percent: 100, groups: [] } } })).status).toBe(201);
    const newest = await check();
    expect(newest.status === 'offered' && (newest.signed.manifest as UpdateManifest).version).toBe('1.10.0');

    // Halting the newest falls back to the previous release this workstation is rolled into
    // (the desk's rollback floor decides whether that is a downgrade); resuming offers it again.
    const halt = (halted: boolean) => env.institution.client.request('PATCH', `${API_PREFIX}/admin/updates/releases/stable/1.10.0`, { token: env.admin, json: { halted } });
    expect((await halt(true)).status).toBe(200);
    const fallback = await check();
    expect(fallback.status === 'offered' && (fallback.signed.manifest as UpdateManifest).version).toBe('1.0.0');
    expect((await halt(false)).status).toBe(200);
  });

  it('serves artifacts whole and by byte range (resume), 416 past the end', async () => {
    const path = `${API_PREFIX}/updates/artifacts/${sha512}`;
    const whole = await env.institution.client.request('GET', path, { headers: { accept: 'application/octet-stream' } });
    expect([whole.status, whole.headers['accept-ranges'], Number(whole.headers['content-length'])]).toEqual([200, 'bytes', body.length]);
    const tail = await env.institution.client.request('GET', path, { headers: { range: 'bytes=4000-' } });
    expect([tail.status, tail.headers['content-range'], Number(tail.headers['content-length'])]).toEqual([206, `bytes 4000-4999/${body.length}`, 1000]);
    const mid = await env.institution.client.request('GET', path, { headers: { range: 'bytes=10-19' } });
    expect([mid.status, mid.headers['content-range']]).toEqual([206, `bytes 10-19/${body.length}`]);
    const past = await env.institution.client.request('GET', path, { headers: { range: `bytes=${body.length}-` } });
    expect([past.status, past.headers['content-range']]).toEqual([416, `bytes */${body.length}`]);
    expect((await env.institution.client.request('GET', `${API_PREFIX}/updates/artifacts/${'1'.repeat(128)}`)).status).toBe(404);
  });

  it('records checks and results in the workstation record and the release counts', async () => {
    const report = (json: unknown) => env.institution.client.request('POST', `${API_PREFIX}/updates/results`, { json });
    const signedBy = (key: KeyObject, r: UnsignedUpdateResult) => ({ ...r, signature: sign(null, Buffer.from(updateResultSignedText(r), 'utf8'), key).toString('base64') });
    const own = env.institution.workstation.privateKey;
    const at = () => new Date(env.institution.clock()).toISOString();
    const refused = signedBy(own, { workstationId: TEST_WORKSTATION_ID, version: '1.10.0', outcome: 'refused', reason: 'bad-signature', at: at() });
    expect((await report(refused)).status).toBe(204);
    // The same signed result again (a replay) is acknowledged and stored once.
    expect((await report(refused)).status).toBe(204);
    env.institution.clock.advance(1000);
    expect((await report(signedBy(own, { workstationId: TEST_WORKSTATION_ID, version: '1.10.0', outcome: 'installed', at: at() }))).status).toBe(204);
    // Anyone else's key, a changed field, a stale time, an unknown workstation, a bad reason: refused.
    const forged = signedBy(key.privateKey, { workstationId: TEST_WORKSTATION_ID, version: '1.10.0', outcome: 'installed', at: at() });
    expect((await report(forged)).status).toBe(401);
    expect((await report({ ...refused, outcome: 'installed' })).status).toBe(401);
    expect((await report(signedBy(own, { workstationId: TEST_WORKSTATION_ID, version: '1.10.0', outcome: 'failed', at: new Date(env.institution.clock() - 10 * 60_000).toISOString() }))).status).toBe(400);
    expect((await report(signedBy(own, { workstationId: 'WS-NOT-ENROLLED', version: '1.10.0', outcome: 'installed', at: at() }))).status).toBe(403);
    expect((await report({ ...refused, reason: '<script>' })).status).toBe(400);

    const page = ServerEventPage.parse((await env.institution.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${TEST_WORKSTATION_ID}/server-events?limit=100`, { token: env.admin })).json);
    const update = page.events.filter((e) => e.type.startsWith('update-'));
    expect(update.some((e) => e.type === 'update-checked' && e.detail === '0.1.0 offered 1.10.0')).toBe(true);
    expect(update.filter((e) => e.type === 'update-result').map((e) => e.detail)).toEqual(['1.10.0 refused bad-signature', '1.10.0 installed']);

    const list = ReleaseList.parse((await env.institution.client.request('GET', `${API_PREFIX}/admin/updates/releases`, { token: env.admin })).json);
    expect(list.releases.map((r) => [r.version, r.results])).toEqual([
      ['1.10.0', { installed: 1, refused: 1, failed: 0 }],
      ['1.0.0', { installed: 0, refused: 0, failed: 0 }],
    ]);
  });

  it('records who uploaded, published, steered a rollout or set a group in the staff-action log (audit.read), and nothing for a refused request', async () => {
    const actions = async () => StaffActionPage.parse((await env.institution.client.request('GET', `${API_PREFIX}/admin/audit/staff-actions?limit=500`, { token: env.admin })).json).actions.filter((a) => a.type.startsWith('update-'));
    const before = (await actions()).length;
    expect((await upload(sha512, body)).status).toBe(201);
    const published = await env.institution.client.request('POST', `${API_PREFIX}/admin/updates/releases`, { token: env.admin, json: { signed: signed(manifest('2.0.0', { channel: 'audited' })), rollout: { percent: 10, groups: [] } } });
    expect(published.status).toBe(201);
    expect((await env.institution.client.request('PATCH', `${API_PREFIX}/admin/updates/releases/audited/2.0.0`, { token: env.admin, json: { halted: true } })).status).toBe(200);
    expect((await env.institution.client.request('PUT', `${API_PREFIX}/admin/updates/groups/pilot-audit`, { token: env.admin, json: { workstationIds: [TEST_WORKSTATION_ID] } })).status).toBe(204);
    // Refused: no rights, no such release, a bad body. None of them is recorded.
    const agent = (await env.institution.login('A1001', 'Agent#2026')).accessToken;
    expect((await env.institution.client.request('PATCH', `${API_PREFIX}/admin/updates/releases/audited/2.0.0`, { token: agent, json: { halted: false } })).status).toBe(403);
    expect((await env.institution.client.request('PATCH', `${API_PREFIX}/admin/updates/releases/audited/9.9.9`, { token: env.admin, json: { halted: false } })).status).toBe(404);
    expect((await env.institution.client.request('PUT', `${API_PREFIX}/admin/updates/groups/pilot-audit`, { token: env.admin, json: { workstationIds: ['../x'] } })).status).toBe(400);
    const recorded = (await actions()).slice(before);
    expect(recorded.map((a) => [a.type, a.operatorId, a.workstationId, a.subject, a.detail])).toEqual([
      ['update-artifact-uploaded', 'ADM01', null, `update-artifact:${sha512.slice(0, 16)}`, `size ${body.length}`],
      ['update-release-published', 'ADM01', null, 'update-release:audited/2.0.0', 'percent 10 groups -'],
      ['update-rollout-changed', 'ADM01', null, 'update-release:audited/2.0.0', 'halted true'],
      ['update-group-set', 'ADM01', null, 'update-group:pilot-audit', '1 workstations'],
    ]);
  });
});
