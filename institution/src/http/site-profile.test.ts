import { X509Certificate, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, HealthResponse } from '../../contract/api.ts';
import { canonicalJson } from '../../contract/canonical-json.ts';
import { SignedSiteProfile, SiteProfile } from '../../contract/site-profile.ts';
import { spkiPinOfCertificate } from '../tls/spki-pin.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

/** The certificate the server really presents on the wire. */
function presentedCertificatePem(url: string, caPem: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: caPem, servername: 'localhost' }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.end();
      resolve(new X509Certificate(der).toString());
    });
    socket.on('error', reject);
  });
}

describe('site profile and health', () => {
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution({
      sipWss: [{ url: 'wss://sip.example.test:7443/ws', weight: 10 }],
      turn: [{ urls: ['turn:turn.example.test:3478?transport=udp', 'turns:turn.example.test:5349'] }],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function fetchProfile(): Promise<SignedSiteProfile & { profile: SiteProfile }> {
    const response = await t.client.request('GET', `${API_PREFIX}/site-profile`);
    expect(response.status).toBe(200);
    const signed = SignedSiteProfile.parse(response.json);
    return { ...signed, profile: SiteProfile.parse(signed.profile) };
  }

  it('health names the institution', async () => {
    const response = await t.client.request('GET', `${API_PREFIX}/health`);
    expect(HealthResponse.parse(response.json)).toMatchObject({ status: 'ok', institutionId: 'demo-bank' });
  });

  it('is signed with Ed25519 over canonical JSON, verifiable with the published public key', async () => {
    const signed = await fetchProfile();
    expect(signed.keyId).toBe(t.server.profileKeyId);
    const publicKey = createPublicKey(t.server.profilePublicKeyPem);
    const message = Buffer.from(canonicalJson(signed.profile), 'utf8');
    expect(verify(null, message, publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
    // Any change to the content breaks the signature.
    const tampered = { ...signed.profile, api: { baseUrls: ['https://evil.example'] } };
    expect(verify(null, Buffer.from(canonicalJson(tampered), 'utf8'), publicKey, Buffer.from(signed.signature, 'base64'))).toBe(false);
    // And another key does not verify it.
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verify(null, message, other, Buffer.from(signed.signature, 'base64'))).toBe(false);
  });

  it('carries config, the server URL, the TLS leaf pin, the policy and a 30-day validity', async () => {
    const { profile } = await fetchProfile();
    expect(profile.institutionId).toBe('demo-bank');
    expect(profile.institutionName).toEqual({ 'zh-CN': '示例银行', 'en-US': 'Demo Bank' });
    expect(profile.api.baseUrls).toEqual([t.server.url]);
    expect(profile.sip.wss).toEqual([{ url: 'wss://sip.example.test:7443/ws', weight: 10 }]);
    expect(profile.turn).toEqual([{ urls: ['turn:turn.example.test:3478?transport=udp', 'turns:turn.example.test:5349'] }]);
    expect(profile.policy).toEqual({ idleLockSeconds: 300, watermark: true });
    expect(Date.parse(profile.issuedAt)).toBe(t.clock());
    expect(Date.parse(profile.expiresAt) - Date.parse(profile.issuedAt)).toBe(30 * 86_400_000);
    const onTheWire = await presentedCertificatePem(t.server.url, t.server.caCertPem);
    expect(profile.pins).toEqual([spkiPinOfCertificate(onTheWire)]);
    expect(t.server.tlsPin).toBe(profile.pins[0]);
  });

  it('keeps the serial while nothing changes and raises it when the policy changes', async () => {
    const before = (await fetchProfile()).profile.serial;
    expect((await fetchProfile()).profile.serial).toBe(before);
    const admin = await t.login('ADM01', 'Admin#2026');
    const put = await t.client.request('PUT', `${API_PREFIX}/admin/policy`, { token: admin.accessToken, json: { watermark: false } });
    expect(put.status).toBe(200);
    const after = await fetchProfile();
    expect(after.profile.serial).toBe(before + 1);
    expect(after.profile.policy).toEqual({ idleLockSeconds: 300, watermark: false });
  });
});
