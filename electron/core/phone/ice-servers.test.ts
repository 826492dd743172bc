import { describe, expect, it } from 'vitest';
import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import { SipCredentials } from '../../contract/phone.ts';
import { stunServers } from './phone-service.ts';

const testProfile = (overrides: Partial<SiteProfile> = {}): SiteProfile => ({
  format: 1,
  serial: 1,
  institutionId: 'demo-bank',
  institutionName: { 'zh-CN': '示例银行', 'en-US': 'Demo Bank' },
  issuedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  api: { baseUrls: ['https://api.bank.example'] },
  sip: { wss: [{ url: 'wss://sbc.bank.example/ws', weight: 10 }] },
  turn: [{ urls: ['turns:turn.bank.example:5349'] }],
  pins: ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  policy: { idleLockSeconds: 300, watermark: true },
  ...overrides,
});

/**
 * The ICE servers core hands the phone with its SIP credentials: the profile's STUN
 * servers (which the page's WebRTC guard allows), never its TURN servers (no credentials
 * for them yet), and the credentials schema the renderer checks accepts them.
 */
describe('stunServers', () => {
  it("passes the profile's STUN servers on, and nothing from its TURN list", () => {
    const profile = testProfile({ stun: [{ urls: ['stun:stun.bank.example:3478'] }, { urls: ['stun:stun2.bank.example'] }] });
    expect(profile.turn.length).toBeGreaterThan(0);
    expect(stunServers(profile)).toEqual([{ urls: ['stun:stun.bank.example:3478'] }, { urls: ['stun:stun2.bank.example'] }]);
  });

  it('none when the profile names no STUN server', () => {
    expect(stunServers(testProfile())).toEqual([]);
  });

  it('fits the SipCredentials channel schema', () => {
    const credentials = {
      username: '1700000000:A1001',
      password: 'cGFzc3dvcmQ=',
      expiresAt: 1_700_000_000_000,
      uri: 'sip:A1001@sip.bank.example',
      servers: [{ url: 'wss://sbc.bank.example/ws', weight: 10 }],
      iceServers: stunServers(testProfile({ stun: [{ urls: ['stun:stun.bank.example'] }] })),
    };
    expect(SipCredentials.parse(credentials)).toEqual(credentials);
    expect(SipCredentials.safeParse({ ...credentials, iceServers: [{ urls: [] }] }).success).toBe(false);
  });
});
