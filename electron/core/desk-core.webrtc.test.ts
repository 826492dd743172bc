import { describe, expect, it } from 'vitest';
import type { DeskCore } from './desk-core.ts';
import { eventually } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * The trusted side of the page's WebRTC guard, through the whole core: the institution's
 * signed profile names TURN servers, `security.ice-servers` hands exactly those to the page,
 * and `security.report-ice-refused` lands in the audit chain the institution receives.
 * Both channels are public: the guard is installed before anyone signs in.
 */
const TURN = ['turn:turn.bank.test:3478?transport=udp', 'turns:turn.bank.test:5349?transport=tcp'];
const env = useTestInstitution({ turn: [{ urls: [TURN[0]!] }, { urls: [TURN[1]!] }] });

const openDesk = (workstationId: string): Promise<DeskCore> =>
  env.openDesk({ workstationId, register: true, deliveryBackoff: { initialMs: 50, maxMs: 200 }, log: () => undefined });

describe('security.* channels (real institution server)', () => {
  it("hands the page exactly the profile's TURN URLs, before anyone signs in", async () => {
    const core = await openDesk('WS-RTC-LIST');
    expect(await core.dispatch('security.ice-servers', undefined)).toEqual({ ok: true, value: { urls: TURN } });
  });

  it('audits a refusal as security.webrtc-ice-refused with scheme, host and port only, and rate-limits repeats', async () => {
    const ws = 'WS-RTC-AUDIT';
    const core = await openDesk(ws);
    const refusal = { scheme: 'turn', host: '127.0.0.2', port: 443 };
    for (let i = 0; i < 5; i += 1) expect(await core.dispatch('security.report-ice-refused', refusal)).toEqual({ ok: true, value: null });
    expect(await core.dispatch('security.report-ice-refused', { scheme: 'invalid', host: '', port: 0 })).toEqual({ ok: true, value: null });
    const refused = await eventually(() => {
      const events = env.institution.storedEvents(ws).filter((e) => e.type === 'security.webrtc-ice-refused');
      return events.length === 2 ? events : undefined;
    }, 'refusals delivered to the institution');
    expect(refused.map((e) => e.data)).toEqual([
      { origin: 'turn://127.0.0.2:443', detail: 'not-in-profile', suppressed: 0 },
      { origin: 'invalid:', detail: 'malformed-config', suppressed: 0 },
    ]);
  });

  it.each([
    ['credentials', { scheme: 'turn', host: 'evil.example', port: 3478, credential: 's3cret' }],
    ['a query in the host', { scheme: 'turn', host: 'evil.example?transport=tcp', port: 3478 }],
    ['an unknown scheme', { scheme: 'https', host: 'evil.example', port: 443 }],
    ['upper case (the guard reports canonical hosts)', { scheme: 'stun', host: 'EVIL.example', port: 3478 }],
    ['a port out of range', { scheme: 'stun', host: 'evil.example', port: 70_000 }],
    ['no payload', undefined],
  ])('refuses a report carrying %s (bad_request before the handler runs)', async (_what, payload) => {
    const core = await openDesk(`WS-RTC-BAD-${Math.random().toString(36).slice(2, 8)}`);
    expect(await core.dispatch('security.report-ice-refused', payload)).toEqual({ ok: false, error: { code: 'bad_request' } });
  });
});
