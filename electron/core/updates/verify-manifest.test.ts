import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../institution/contract/canonical-json.ts';
import type { UpdateCheckResponse } from '../../../institution/contract/update-api.ts';
import type { UpdateManifest } from '../../../institution/contract/update-manifest.ts';
import { decideOffer, type OfferContext, type UpdateDecision } from './verify-manifest.ts';

const pinned = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const trust = { keys: { 'it-2026': pem(pinned.publicKey) } };
const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const ctx: OfferContext = { now: NOW, floor: '1.4.0', platform: 'linux-x64', channel: 'stable' };
const SHA = 'ab'.repeat(64);

function manifest(over: Partial<UpdateManifest> = {}): UpdateManifest {
  return {
    format: 1,
    product: 'channeldesk',
    version: '1.5.0',
    channel: 'stable',
    issuedAt: '2026-11-30T10:00:00.000Z',
    expiresAt: '2026-12-07T10:00:00.000Z',
    artifacts: [{ platform: 'linux-x64', fileName: 'ChannelDesk-1.5.0.AppImage', url: `/api/v1/updates/artifacts/${SHA}`, size: 1234, sha512: SHA }],
    ...over,
  };
}
function signed(m: unknown, key: KeyObject = pinned.privateKey, keyId = 'it-2026') {
  return { manifest: m, keyId, signature: sign(null, Buffer.from(canonicalJson(m), 'utf8'), key).toString('base64') };
}
const offered = (s: unknown) => ({ status: 'offered', signed: s }) as UpdateCheckResponse;

describe('the manifest verification table', () => {
  const good = manifest();
  const tampered = { ...signed(good), manifest: { ...good, version: '9.9.9' } };
  const rows: [string, UpdateCheckResponse, UpdateDecision][] = [
    ['valid', offered(signed(good)), { action: 'install', manifest: good, artifact: good.artifacts[0]! }],
    ['unsigned', offered({ manifest: good, keyId: 'it-2026' }), { action: 'refuse', reason: 'unsigned' }],
    ['empty signature', offered({ ...signed(good), signature: '' }), { action: 'refuse', reason: 'unsigned' }],
    ['wrong key (pinned keyId, another key)', offered(signed(good, stranger.privateKey)), { action: 'refuse', reason: 'bad-signature' }],
    ['unknown keyId', offered(signed(good, stranger.privateKey, 'attacker')), { action: 'refuse', reason: 'unknown-key' }],
    ['tampered field (version)', offered(tampered), { action: 'refuse', reason: 'bad-signature' }],
    [
      'tampered field (artifact hash)',
      offered({ ...signed(good), manifest: { ...good, artifacts: [{ ...good.artifacts[0]!, sha512: 'cd'.repeat(64) }] } }),
      { action: 'refuse', reason: 'bad-signature' },
    ],
    ['expired', offered(signed(manifest({ expiresAt: '2026-11-30T11:59:59.000Z' }))), { action: 'refuse', reason: 'expired', version: '1.5.0' }],
    ['issued in the future', offered(signed(manifest({ issuedAt: '2026-11-30T13:00:00.000Z' }))), { action: 'refuse', reason: 'not-yet-valid', version: '1.5.0' }],
    ['downgrade (below the rollback floor)', offered(signed(manifest({ version: '1.3.9' }))), { action: 'refuse', reason: 'downgrade', version: '1.3.9' }],
    ['pre-release of the floor is a downgrade', offered(signed(manifest({ version: '1.4.0-rc.1' }))), { action: 'refuse', reason: 'downgrade', version: '1.4.0-rc.1' }],
    ['same version', offered(signed(manifest({ version: '1.4.0' }))), { action: 'none', reason: 'same-version', version: '1.4.0' }],
    ['another channel', offered(signed(manifest({ channel: 'pilot' }))), { action: 'refuse', reason: 'wrong-channel', version: '1.5.0' }],
    ['no artifact for this platform', offered(signed(manifest({ artifacts: [{ ...good.artifacts[0]!, platform: 'win32-x64' }] }))), { action: 'refuse', reason: 'no-artifact', version: '1.5.0' }],
    ['signed but not a manifest', offered(signed({ product: 'channeldesk' })), { action: 'refuse', reason: 'invalid-content' }],
    ['staged-out workstation', { status: 'staged-out', version: '1.5.0' }, { action: 'none', reason: 'staged-out', version: '1.5.0' }],
    ['halted rollout', { status: 'halted', version: '1.5.0' }, { action: 'none', reason: 'halted', version: '1.5.0' }],
    ['nothing published', { status: 'none' }, { action: 'none', reason: 'no-release' }],
  ];
  it.each(rows)('%s', (_name, offer, expected) => {
    expect(decideOffer(offer, trust, ctx)).toEqual(expected);
  });

  it('a signature with another base64 spelling is refused (one spelling per signature)', () => {
    const s = signed(good);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = s.signature.length - 3; // the character before '==' carries 4 spare bits
    const spare = alphabet[alphabet.indexOf(s.signature[last]!) ^ 1]!;
    const respelled = { ...s, signature: s.signature.slice(0, last) + spare + s.signature.slice(last + 1) };
    expect(Buffer.from(respelled.signature, 'base64')).toEqual(Buffer.from(s.signature, 'base64'));
    expect(decideOffer(offered(respelled), trust, ctx)).toEqual({ action: 'refuse', reason: 'bad-signature' });
  });

  it('a pinned entry that is not an Ed25519 key trusts nothing', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(decideOffer(offered(signed(good)), { keys: { 'it-2026': pem(rsa.publicKey) } }, ctx)).toEqual({ action: 'refuse', reason: 'unknown-key' });
  });
});
