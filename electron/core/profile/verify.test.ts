import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../institution/contract/canonical-json.ts';
import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import { signSiteProfile } from './sign.ts';
import { ProfileError, verifySiteProfile, type ProfileErrorCode } from './verify.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

const institutionKeys = generateKeyPairSync('ed25519');
const rogueKeys = generateKeyPairSync('ed25519');
const trust = { keys: { k1: institutionKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() } };
const PIN = 'b'.repeat(43) + '=';

function makeProfile(overrides: Partial<SiteProfile> = {}): SiteProfile {
  return {
    format: 1,
    serial: 5,
    institutionId: 'demo-bank',
    institutionName: { 'zh-CN': '演示银行', 'en-US': 'Demo Bank' },
    issuedAt: iso(NOW - HOUR),
    expiresAt: iso(NOW + 30 * 24 * HOUR),
    api: { baseUrls: ['https://api.bank.test'] },
    sip: { wss: [{ url: 'wss://sip.bank.test/ws', weight: 10 }] },
    turn: [],
    pins: [PIN],
    updateUrl: 'https://updates.bank.test/',
    policy: { idleLockSeconds: 300, watermark: true },
    ...overrides,
  };
}

const sign = (profile: unknown, keyId = 'k1', key = institutionKeys.privateKey) => signSiteProfile(profile, keyId, key);

function refusal(run: () => unknown): ProfileError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw new Error(`expected ProfileError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the profile to be refused, but it was accepted');
}

function expectRefused(signed: unknown, code: ProfileErrorCode, options: { now?: number; minSerial?: number } = {}): ProfileError {
  const error = refusal(() => verifySiteProfile(signed, trust, { now: options.now ?? NOW, minSerial: options.minSerial }));
  expect(error.code).toBe(code);
  return error;
}

describe('verifySiteProfile', () => {
  it('accepts a valid profile given as object, JSON text or bytes', () => {
    const profile = makeProfile();
    const signed = sign(profile);
    expect(verifySiteProfile(signed, trust, { now: NOW })).toEqual(profile);
    expect(verifySiteProfile(JSON.stringify(signed), trust, { now: NOW })).toEqual(profile);
    expect(verifySiteProfile(Buffer.from(JSON.stringify(signed)), trust, { now: NOW, minSerial: 5 })).toEqual(profile);
  });

  it.each([
    ['signature missing', (s: Record<string, unknown>) => { delete s['signature']; }],
    ['signature empty', (s: Record<string, unknown>) => { s['signature'] = ''; }],
    ['signature null', (s: Record<string, unknown>) => { s['signature'] = null; }],
  ])('refuses an unsigned profile (%s)', (_label, strip) => {
    const signed: Record<string, unknown> = { ...sign(makeProfile()) };
    strip(signed);
    expectRefused(signed, 'bad-signature');
  });

  it('refuses a bare profile without an envelope as unsigned', () => {
    expectRefused(makeProfile(), 'bad-signature');
  });

  it('refuses a profile signed by another key under a trusted keyId', () => {
    expectRefused(sign(makeProfile(), 'k1', rogueKeys.privateKey), 'bad-signature');
  });

  it.each([
    ['an extra api baseUrl', (p: SiteProfile) => ({ ...p, api: { baseUrls: [...p.api.baseUrls, 'https://evil.test'] } })],
    ['a changed pin', (p: SiteProfile) => ({ ...p, pins: ['c'.repeat(43) + '='] })],
    ['a raised serial', (p: SiteProfile) => ({ ...p, serial: p.serial + 1 })],
    ['a relaxed policy', (p: SiteProfile) => ({ ...p, policy: { ...p.policy, watermark: false } })],
    ['a removed updateUrl', (p: SiteProfile) => ({ ...p, updateUrl: undefined })],
  ])('refuses a profile tampered after signing: %s', (_label, tamper) => {
    const signed = sign(makeProfile());
    expectRefused({ ...signed, profile: tamper(signed.profile as SiteProfile) }, 'bad-signature');
  });

  it('refuses an alternative base64 spelling of a valid signature', () => {
    const signed = sign(makeProfile());
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = signed.signature.at(-3) ?? 'A'; // 64 bytes → 86 chars + '=='; the 86th carries 4 spare bits
    const respelled = signed.signature.slice(0, -3) + alphabet[alphabet.indexOf(last) ^ 1] + '==';
    expect(Buffer.from(respelled, 'base64').equals(Buffer.from(signed.signature, 'base64'))).toBe(true);
    expectRefused({ ...signed, signature: respelled }, 'bad-signature');
  });

  it('refuses an expired profile, at and after expiresAt', () => {
    const profile = makeProfile({ expiresAt: iso(NOW) });
    expectRefused(sign(profile), 'expired');
    expectRefused(sign(makeProfile()), 'expired', { now: NOW + 31 * 24 * HOUR });
  });

  it('refuses a profile issued beyond the clock-skew allowance, accepts one within it', () => {
    expectRefused(sign(makeProfile({ issuedAt: iso(NOW + 10 * 60_000) })), 'not-yet-valid');
    const nearFuture = makeProfile({ issuedAt: iso(NOW + 4 * 60_000) });
    expect(verifySiteProfile(sign(nearFuture), trust, { now: NOW })).toEqual(nearFuture);
  });

  it('refuses a rollback to a lower serial and accepts the same serial again', () => {
    expectRefused(sign(makeProfile({ serial: 5 })), 'rollback', { minSerial: 6 });
    expect(verifySiteProfile(sign(makeProfile({ serial: 5 })), trust, { now: NOW, minSerial: 5 }).serial).toBe(5);
  });

  it.each(['k2', '__proto__', 'toString', 'constructor'])('refuses unknown keyId %j', (keyId) => {
    const error = expectRefused(sign(makeProfile(), keyId), 'unknown-key');
    expect(error.message).toContain(keyId);
  });

  it('refuses when the trusted key is not Ed25519', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecTrust = { keys: { k1: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString() } };
    const error = refusal(() => verifySiteProfile(sign(makeProfile()), ecTrust, { now: NOW }));
    expect(error.code).toBe('unknown-key');
  });

  it.each([
    ['invalid JSON text', '{"profile": '],
    ['a number', 42],
    ['null', null],
    ['an array', [1, 2]],
    ['an envelope with an extra field', { ...sign(makeProfile()), extra: 1 }],
    ['a keyId of the wrong type', { ...sign(makeProfile()), keyId: 7 }],
    ['a non-base64 signature', { ...sign(makeProfile()), signature: 'not base64!' }],
  ])('refuses garbage: %s', (_label, input) => {
    expectRefused(input, 'malformed');
  });

  it('refuses well-signed but invalid content', () => {
    expectRefused(sign({ ...makeProfile(), format: 2 }), 'invalid-content');
    expectRefused(sign({ ...makeProfile(), api: { baseUrls: ['http://api.bank.test'] } }), 'invalid-content');
    expectRefused(sign(makeProfile({ issuedAt: iso(NOW), expiresAt: iso(NOW - HOUR) })), 'invalid-content');
  });

  it('never puts the signature or profile content in messages', () => {
    const signed = sign(makeProfile());
    const tampered = { ...signed, profile: { ...makeProfile(), pins: ['d'.repeat(43) + '='] } };
    const error = expectRefused(tampered, 'bad-signature');
    expect(error.message).not.toContain(signed.signature);
    expect(error.message).not.toContain('ddd');
  });
});

describe('verifySiteProfile property', () => {
  const original = makeProfile();
  const text = JSON.stringify(sign(original));
  const mutation = fc.record({
    kind: fc.constantFrom('replace', 'insert', 'delete'),
    position: fc.nat(),
    character: fc.oneof(fc.constantFrom(...'{}[]",:0123456789. eE-+/=abkxAZ'), fc.string({ minLength: 1, maxLength: 1 })),
  });

  it('a mutated signed profile is either identical or refused with a ProfileError', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let mutated = text;
        for (const { kind, position, character } of mutations) {
          const at = position % (mutated.length + 1);
          if (kind === 'insert') mutated = mutated.slice(0, at) + character + mutated.slice(at);
          else if (kind === 'replace') mutated = mutated.slice(0, at) + character + mutated.slice(at + 1);
          else mutated = mutated.slice(0, at) + mutated.slice(at + 1);
        }
        let accepted: SiteProfile;
        try {
          accepted = verifySiteProfile(mutated, trust, { now: NOW });
        } catch (error) {
          expect(error).toBeInstanceOf(ProfileError);
          return;
        }
        expect(canonicalJson(accepted)).toBe(canonicalJson(original));
      }),
      { numRuns: 3000 },
    );
  });
});
