import { beforeAll, describe, expect, it } from 'vitest';
import { spkiPin } from '../core/net/spki.ts';
import { createTestCa, type IssuedCertificate, type TestCa } from '../core/net/testing/pki.ts';
import {
  ACCEPT,
  decideCertificate,
  installCertificatePins,
  REJECT,
  pinsByHost,
  USE_CHROMIUM_RESULT,
  type CertificatePinOptions,
  type VerifyRequest,
} from './certificate-pins.ts';
import type { SecurityEvent } from './security-events.ts';
import { FakeSession } from './testing/fake-electron.ts';
import { testProfile } from './testing/profile.ts';

const HOST = 'sbc.bank.example';
let ca: TestCa;
let otherCa: TestCa;
let leaf: IssuedCertificate;
let loopback: IssuedCertificate;
let wrongHost: IssuedCertificate;
let expired: IssuedCertificate;
let foreign: IssuedCertificate;

beforeAll(async () => {
  ca = await createTestCa('Bank Private CA');
  otherCa = await createTestCa('Someone Else CA');
  leaf = await ca.issue({ commonName: HOST, usage: 'server', dnsNames: [HOST] });
  loopback = await ca.issue({ commonName: 'loopback', usage: 'server', ipAddresses: ['127.0.0.1'] });
  wrongHost = await ca.issue({ commonName: 'other.example', usage: 'server', dnsNames: ['other.example'] });
  expired = await ca.issue({
    commonName: HOST,
    usage: 'server',
    dnsNames: [HOST],
    notBefore: new Date(Date.now() - 3 * 86_400_000),
    notAfter: new Date(Date.now() - 86_400_000),
  });
  foreign = await otherCa.issue({ commonName: HOST, usage: 'server', dnsNames: [HOST] });
});

const chromiumOk = { verificationResult: 'net::OK', errorCode: 0 };
const unknownAuthority = { verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', errorCode: -202 };

function request(cert: IssuedCertificate, issuer: TestCa, verdict: { verificationResult: string; errorCode: number }, hostname = HOST): VerifyRequest {
  return { hostname, certificate: { data: cert.certPem, issuerCert: { data: issuer.certPem } }, ...verdict };
}

function options(overrides: Partial<CertificatePinOptions> = {}): CertificatePinOptions {
  return {
    pinsByHost: new Map([
      [HOST, [leaf.pin, wrongHost.pin, expired.pin, foreign.pin]],
      ['127.0.0.1', [loopback.pin]],
    ]),
    spkiPin,
    privateCaPem: ca.certPem,
    now: () => new Date(),
    audit: () => undefined,
    ...overrides,
  };
}

describe('decideCertificate', () => {
  it('pinned host, pinned key, Chromium verified → Chromium\'s own (good) verdict stands', () => {
    expect(decideCertificate(request(leaf, ca, chromiumOk), options())).toEqual({ result: USE_CHROMIUM_RESULT, reason: 'pinned-and-verified' });
  });

  it('host names compare case-insensitively', () => {
    expect(decideCertificate(request(leaf, ca, chromiumOk, 'SBC.Bank.Example'), options()).result).toBe(USE_CHROMIUM_RESULT);
  });

  it('host not in the profile → reject, whatever Chromium says', () => {
    expect(decideCertificate(request(leaf, ca, chromiumOk, 'evil.example'), options())).toEqual({ result: REJECT, reason: 'host-not-pinned' });
  });

  it('key not pinned → reject even when Chromium trusts the chain', () => {
    const decision = decideCertificate(request(leaf, ca, chromiumOk), options({ pinsByHost: new Map([[HOST, [foreign.pin]]]) }));
    expect(decision).toEqual({ result: REJECT, reason: 'pin-mismatch' });
  });

  it.each([
    ['net::ERR_CERT_DATE_INVALID', -201],
    ['net::ERR_CERT_COMMON_NAME_INVALID', -200],
    ['net::ERR_CERT_REVOKED', -206],
    ['net::ERR_CERT_INVALID', -207],
  ])('pinned key but Chromium says %s → reject', (verificationResult, errorCode) => {
    expect(decideCertificate(request(leaf, ca, { verificationResult, errorCode }), options())).toEqual({
      result: REJECT,
      reason: `chromium:${verificationResult}`,
    });
  });

  it('unknown authority + the configured private CA + our own chain check passes → accept', () => {
    expect(decideCertificate(request(leaf, ca, unknownAuthority), options())).toEqual({ result: ACCEPT, reason: 'pinned-private-ca' });
  });

  it('verifies IP-address hosts against the certificate\'s IP SANs', () => {
    expect(decideCertificate(request(loopback, ca, unknownAuthority, '127.0.0.1'), options()).result).toBe(ACCEPT);
  });

  it('unknown authority without a configured private CA → reject', () => {
    const decision = decideCertificate(request(leaf, ca, unknownAuthority), options({ privateCaPem: undefined }));
    expect(decision.result).toBe(REJECT);
  });

  it.each([
    ['issued by another CA', () => request(foreign, otherCa, unknownAuthority)],
    ['issued for another host', () => request(wrongHost, ca, unknownAuthority)],
    ['expired', () => request(expired, ca, unknownAuthority)],
  ])('unknown authority, pinned key, but %s → reject', (_name, make) => {
    expect(decideCertificate(make(), options())).toEqual({ result: REJECT, reason: 'private-ca-verification-failed' });
  });

  it('rejects once the clock is past the certificates\' validity', () => {
    const later = () => new Date(Date.now() + 3 * 86_400_000);
    expect(decideCertificate(request(leaf, ca, unknownAuthority), options({ now: later })).result).toBe(REJECT);
  });

  it('rejects data that is not a certificate', () => {
    const garbage: VerifyRequest = { hostname: HOST, certificate: { data: 'not a certificate' }, ...chromiumOk };
    expect(decideCertificate(garbage, options())).toEqual({ result: REJECT, reason: 'unparseable-certificate' });
  });
});

describe('pinsByHost', () => {
  it('lists the API, SIP and update hosts of the profile, the API and update hosts with the institution\'s pins', () => {
    const map = pinsByHost(testProfile());
    expect([...map.keys()].sort()).toEqual(['api.bank.example', 'api2.bank.example', 'sbc.bank.example', 'updates.bank.example']);
    expect(map.get('api.bank.example')).toEqual(testProfile().pins);
    // The test profile carries no sip.pins: its SBC host has none.
    expect(map.get('sbc.bank.example')).toEqual([]);
  });
});

describe('SBC pins (the profile\'s sip.pins) through the verify proc', () => {
  const API = 'api.bank.example';
  const SBC = 'sbc.bank.example';
  let apiLeaf: IssuedCertificate;
  let sbcLeaf: IssuedCertificate;
  let sbcImpostor: IssuedCertificate;
  beforeAll(async () => {
    apiLeaf = await ca.issue({ commonName: API, usage: 'server', dnsNames: [API] });
    sbcLeaf = await ca.issue({ commonName: SBC, usage: 'server', dnsNames: [SBC] });
    // Same CA, same name, another key: only the pin tells them apart.
    sbcImpostor = await ca.issue({ commonName: SBC, usage: 'server', dnsNames: [SBC] });
  });
  const profile = (sipPins?: string[]) =>
    testProfile({
      api: { baseUrls: [`https://${API}`] },
      sip: { wss: [{ url: `wss://${SBC}:7443/ws`, weight: 10 }], ...(sipPins ? { pins: sipPins } : {}) },
      pins: [apiLeaf.pin],
    });
  /** Runs one request through the proc installed on a fake Electron session: Chromium's callback value and what was audited. */
  function verify(sipPins: string[] | undefined, cert: IssuedCertificate, hostname: string): { result: number; audits: SecurityEvent[] } {
    const session = new FakeSession('desk');
    const audits: SecurityEvent[] = [];
    installCertificatePins(session, { ...options({ audit: (e) => audits.push(e) }), pinsByHost: pinsByHost(profile(sipPins)) });
    const proc = session.verifyProc as unknown as (r: VerifyRequest, cb: (n: number) => void) => void;
    let result = Number.NaN;
    proc(request(cert, ca, unknownAuthority, hostname), (n) => {
      result = n;
    });
    return { result, audits };
  }

  type Row = [name: string, sipPins: () => string[] | undefined, cert: () => IssuedCertificate, hostname: string, expected: number, reason: string | null];
  const rows: Row[] = [
    ['the SBC host with its pin', () => [sbcLeaf.pin], () => sbcLeaf, SBC, ACCEPT, null],
    ['the SBC host with a key not pinned (same CA, same name)', () => [sbcLeaf.pin], () => sbcImpostor, SBC, REJECT, 'pin-mismatch'],
    ["the SBC host presenting the API's key", () => [sbcLeaf.pin], () => apiLeaf, SBC, REJECT, 'pin-mismatch'],
    ['the SBC host while the profile carries no SBC pins', () => undefined, () => sbcLeaf, SBC, REJECT, 'host-without-pins'],
    ['the API host with its pin', () => [sbcLeaf.pin], () => apiLeaf, API, ACCEPT, null],
    ["the API host presenting the SBC's key", () => [sbcLeaf.pin], () => sbcLeaf, API, REJECT, 'pin-mismatch'],
    ['a host the profile does not name, with a pinned key', () => [sbcLeaf.pin], () => sbcLeaf, 'sbc2.bank.example', REJECT, 'host-not-pinned'],
  ];
  it.each(rows)('%s', (_name, sipPins, cert, hostname, expected, reason) => {
    const { result, audits } = verify(sipPins(), cert(), hostname);
    expect(result).toBe(expected);
    expect(audits).toEqual(reason === null ? [] : [{ kind: 'certificate-rejected', url: `https://${hostname}/`, detail: reason }]);
  });

  it('one machine as API and SBC (a host name, two ports): either role\'s pins are accepted there', () => {
    const shared = pinsByHost(testProfile({ api: { baseUrls: ['https://127.0.0.1:8443'] }, sip: { wss: [{ url: 'wss://127.0.0.1:7443', weight: 1 }], pins: [sbcLeaf.pin] }, pins: [apiLeaf.pin], updateUrl: undefined }));
    expect(shared).toEqual(new Map([['127.0.0.1', [apiLeaf.pin, sbcLeaf.pin]]]));
  });
});

describe('installCertificatePins', () => {
  it('answers Chromium through the decision table and audits rejections', () => {
    const session = new FakeSession('desk');
    const audits: SecurityEvent[] = [];
    installCertificatePins(session, options({ audit: (e) => audits.push(e) }));
    const proc = session.verifyProc as unknown as (r: VerifyRequest, cb: (n: number) => void) => void;
    const results: number[] = [];
    proc(request(leaf, ca, chromiumOk), (n) => results.push(n));
    proc(request(leaf, ca, chromiumOk, 'evil.example'), (n) => results.push(n));
    proc(request(leaf, ca, unknownAuthority), (n) => results.push(n));
    expect(results).toEqual([-3, -2, 0]);
    expect(audits).toEqual([{ kind: 'certificate-rejected', url: 'https://evil.example/', detail: 'host-not-pinned' }]);
  });
});
