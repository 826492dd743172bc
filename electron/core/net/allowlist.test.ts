import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import { createAllowlist, MAX_URL_LENGTH, type AllowDenyReason } from './allowlist.ts';

const profile: SiteProfile = {
  format: 1,
  serial: 1,
  institutionId: 'bank',
  institutionName: { 'zh-CN': '银行', 'en-US': 'Bank' },
  issuedAt: '2025-01-01T00:00:00Z',
  expiresAt: '2026-01-01T00:00:00Z',
  api: { baseUrls: ['https://api.bank.com', 'https://api-dr.bank.com:8443/'] },
  sip: { wss: [{ url: 'wss://sip.bank.com/ws', weight: 1 }, { url: 'wss://127.0.0.1:7443', weight: 1 }] },
  turn: [{ urls: ['turns:turn.bank.com:5349'] }],
  pins: ['A'.repeat(43) + '='],
  updateUrl: 'https://updates.bank.com/channeldesk/',
  policy: { idleLockSeconds: 300, watermark: true },
};

/** Written out by hand (not derived from the code under test) so the property below can fail. */
const EXPECTED_ORIGINS = [
  'https://api.bank.com',
  'https://api-dr.bank.com:8443',
  'wss://sip.bank.com',
  'wss://127.0.0.1:7443',
  'https://updates.bank.com',
  'app://desk',
];

const allowlist = createAllowlist(profile, { appOrigin: 'app://desk' });
const UUID = '550e8400-e29b-41d4-a716-446655440000';

const hostile: [string, AllowDenyReason][] = [
  ['https://evil.com/', 'host'],
  ['https://api.bank.com.evil.com/', 'host'],
  ['https://evil-api.bank.com/', 'host'],
  ['https://sub.api.bank.com/', 'host'],
  ['https://bank.com/', 'host'],
  ['https://api.bank.co/', 'host'],
  ['https://updates.bank.com.evil.com/', 'host'],
  ['https://localhost/', 'host'],
  ['https://*.bank.com/', 'host'],
  ['https://аpi.bank.com/', 'host'], // Cyrillic а → xn--
  ['https://xn--pi-6kc.bank.com/', 'host'],
  ['https://api．bank.com/', 'host'], // fullwidth dot
  ['https://ＡＰＩ.bank.com/', 'host'], // fullwidth letters
  ['https://%61pi.bank.com/', 'host'],
  ['https://api.bank.com./', 'host'],
  ['https://2130706433/', 'ip-literal'],
  ['https://0x7f.1/', 'ip-literal'],
  ['https://0177.0.0.1/', 'ip-literal'],
  ['wss://127.1:7443/', 'ip-literal'],
  ['wss://2130706433:7443/', 'ip-literal'],
  ['wss://0x7f000001:7443/', 'ip-literal'],
  ['https://10.0.0.1/', 'ip-literal'],
  ['https://[::1]/', 'ip-literal'],
  ['https://[::ffff:127.0.0.1]/', 'ip-literal'],
  ['https://[0:0:0:0:0:0:0:1]/', 'ip-literal'],
  ['https://[::ffff:7f00:1]/', 'ip-literal'],
  ['https://api.bank.com@evil.com/', 'userinfo'],
  ['https://user:pw@api.bank.com/', 'userinfo'],
  ['https://@api.bank.com/', 'userinfo'],
  ['https://api.bank.com%2F@evil.com/', 'userinfo'],
  ['app://desk@evil/', 'userinfo'],
  ['https://api.bank.com:444/', 'port'],
  ['https://api-dr.bank.com/', 'port'],
  ['wss://sip.bank.com:8443/ws', 'port'],
  ['wss://127.0.0.1:7444/', 'port'],
  ['app://desk:80/', 'port'],
  ['http://api.bank.com/', 'scheme'],
  ['http://2130706433/', 'scheme'],
  ['ws://sip.bank.com/ws', 'scheme'],
  ['https://sip.bank.com/', 'scheme'],
  ['https://127.0.0.1:7443/', 'scheme'],
  ['file:///etc/passwd', 'scheme'],
  ['data:text/html,<script>alert(1)</script>', 'scheme'],
  ['javascript:alert(1)', 'scheme'],
  ['JavaScript:alert(1)', 'scheme'],
  ['chrome://settings', 'scheme'],
  ['devtools://devtools/bundled/inspector.html', 'scheme'],
  ['about:blank', 'scheme'],
  ['about:srcdoc', 'scheme'],
  ['ftp://api.bank.com/', 'scheme'],
  ['view-source:https://api.bank.com/', 'scheme'],
  ['filesystem:https://api.bank.com/temporary/x', 'scheme'],
  ['mailto:x@bank.com', 'scheme'],
  [`blob:https://api.bank.com/${UUID}`, 'scheme'],
  [`blob:https://evil.com/${UUID}`, 'host'],
  ['blob:app://desk/not-a-uuid', 'path'],
  [`blob:app://desk/${UUID}?x=1`, 'path'],
  ['app://evil/', 'host'],
  ['app://DESK/', 'host'],
  ['app://desk/%2e%2e%2fetc%2fpasswd', 'path'],
  ['app://desk/..%5c..%5cwindows', 'path'],
  ['https://api.bank.com/%00', 'path'],
  ['https://api.bank.com/%252e%252e/', 'path'],
  ['https:\\\\evil.com', 'malformed'],
  ['https://api.bank.com\\@evil.com/', 'malformed'],
  ['https:api.bank.com/', 'malformed'],
  ['https:/api.bank.com/', 'malformed'],
  ['https://api.bank.com\t/', 'malformed'],
  [' https://api.bank.com/', 'malformed'],
  ['https://api.bank.com/\n', 'malformed'],
  ['https://api.bank.com/\u0000', 'malformed'],
  ['https://api.bank.com/\u202e', 'malformed'],
  ['https://api.bank.com/\u00a0', 'malformed'],
  [`https://api.bank.com/${'a'.repeat(MAX_URL_LENGTH)}`, 'malformed'],
  ['', 'malformed'],
  ['//evil.com/', 'malformed'],
  ['/api/v1/health', 'malformed'],
  ['https://', 'malformed'],
];

const allowed = [
  'https://api.bank.com/api/v1/health',
  'https://api.bank.com',
  'https://api.bank.com:443/api/v1/me',
  'HTTPS://API.BANK.COM/x',
  'https://api.bank.com/x?q=%2F#frag',
  'https://api-dr.bank.com:8443/api/v1/events',
  'wss://sip.bank.com/ws',
  'wss://sip.bank.com:443/ws',
  'wss://127.0.0.1:7443/',
  'https://updates.bank.com/channeldesk/latest.json',
  'app://desk/index.html',
  'app://desk/assets/app.js?v=1',
  'app://desk/../index.html',
  `blob:app://desk/${UUID}`,
];

describe('createAllowlist().decide', () => {
  it('has a substantial hostile table', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(45);
  });

  it.each(hostile)('denies %j with reason %s', (url, reason) => {
    expect(allowlist.decide(url)).toEqual({ allow: false, reason });
  });

  it.each(allowed)('allows %j', (url) => {
    expect(allowlist.decide(url)).toEqual({ allow: true });
  });

  it('denies non-string input instead of throwing', () => {
    expect(allowlist.decide(undefined as unknown as string)).toEqual({ allow: false, reason: 'malformed' });
    expect(allowlist.decide({ href: 'https://api.bank.com/' } as unknown as string)).toEqual({ allow: false, reason: 'malformed' });
  });

  it('lists exactly the profile origins plus the app origin', () => {
    expect([...allowlist.origins].sort()).toEqual([...EXPECTED_ORIGINS].sort());
  });

  it('omits the update origin when the profile has no updateUrl', () => {
    const { updateUrl: _dropped, ...withoutUpdates } = profile;
    const list = createAllowlist(withoutUpdates, { appOrigin: 'app://desk' });
    expect(list.decide('https://updates.bank.com/x')).toEqual({ allow: false, reason: 'host' });
  });

  it('allows dev origins only exactly', () => {
    const dev = createAllowlist(profile, { appOrigin: 'app://desk', devOrigins: ['http://localhost:5173'] });
    expect(dev.decide('http://localhost:5173/src/main.tsx')).toEqual({ allow: true });
    expect(dev.decide('http://localhost:5174/')).toEqual({ allow: false, reason: 'port' });
    expect(dev.decide('http://api.bank.com/')).toEqual({ allow: false, reason: 'scheme' });
    expect(dev.decide('http://evil.com/')).toEqual({ allow: false, reason: 'host' });
    expect(allowlist.decide('http://localhost:5173/')).toEqual({ allow: false, reason: 'scheme' });
  });

  it.each([
    ['a baseUrl with userinfo', { ...profile, api: { baseUrls: ['https://u@api.bank.com'] } }, 'app://desk'],
    ['an http baseUrl', { ...profile, api: { baseUrls: ['http://api.bank.com'] } }, 'app://desk'],
    ['an app origin that is not app:', profile, 'https://desk'],
    ['an app origin that is not a URL', profile, 'desk'],
  ])('refuses to build from %s', (_label, badProfile, appOrigin) => {
    expect(() => createAllowlist(badProfile, { appOrigin })).toThrow(TypeError);
  });
});

/** Reference origin computed independently of allowlist.ts. */
function referenceOrigin(raw: string): string | null {
  try {
    const url = new URL(raw);
    const target = url.protocol === 'blob:' ? new URL(raw.slice(5)) : url;
    return `${target.protocol}//${target.host}`;
  } catch {
    return null;
  }
}

const hostPieces = [
  'api.bank.com', 'API.bank.com', 'api-dr.bank.com', 'sip.bank.com', 'updates.bank.com', 'desk', '127.0.0.1',
  '2130706433', '0x7f.1', '[::1]', 'evil.com', 'api.bank.com.evil.com', 'аpi.bank.com', 'api.bank.com.', 'user@api.bank.com',
  'api.bank.com@evil.com', '%61pi.bank.com', '',
];
const urlish = fc
  .tuple(
    fc.constantFrom('https', 'http', 'wss', 'ws', 'app', 'blob:app', 'blob:https', 'file', 'javascript', 'HTTPS', 'data'),
    fc.constantFrom('://', ':', ':/', ':\\\\', '://'),
    fc.constantFrom(...hostPieces),
    fc.constantFrom('', ':443', ':8443', ':7443', ':0', ':99999', ':'),
    fc.string({ maxLength: 24 }),
  )
  .map(([scheme, sep, host, port, path]) => `${scheme}${sep}${host}${port}/${path}`);

describe('decide property', () => {
  it('never throws; anything allowed has an origin exactly in the list', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 64 }), fc.webUrl(), urlish), (raw) => {
        const decision = allowlist.decide(raw);
        if (decision.allow) {
          const origin = referenceOrigin(raw);
          expect(origin).not.toBeNull();
          expect(EXPECTED_ORIGINS).toContain(origin);
        } else {
          expect(['malformed', 'scheme', 'host', 'port', 'userinfo', 'ip-literal', 'path']).toContain(decision.reason);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
