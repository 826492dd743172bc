import type { SiteProfile } from '../../../institution/contract/site-profile.ts';

/** A valid (unsigned) site profile for wiring tests; signing is core's concern and tested there. */
export function testProfile(overrides: Partial<SiteProfile> = {}): SiteProfile {
  return {
    format: 1,
    serial: 7,
    institutionId: 'demo-bank',
    institutionName: { 'zh-CN': '示例银行', 'en-US': 'Demo Bank' },
    issuedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    api: { baseUrls: ['https://api.bank.example', 'https://api2.bank.example:8443'] },
    sip: { wss: [{ url: 'wss://sbc.bank.example:7443/ws', weight: 10 }] },
    turn: [{ urls: ['turns:turn.bank.example:5349'] }],
    pins: ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    updateUrl: 'https://updates.bank.example/desk/',
    policy: { idleLockSeconds: 300, watermark: true },
    ...overrides,
  };
}
