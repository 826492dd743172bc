import { auditInto } from './security-events.ts';
import { describe, expect, it } from 'vitest';
import { createAllowlist } from '../core/net/allowlist.ts';
import { decideRequest, guardSessionRequests } from './network-guard.ts';
import { FakeSession } from './testing/fake-electron.ts';
import { testProfile } from './testing/profile.ts';

const allowlist = createAllowlist(testProfile(), { appOrigin: 'app://desk' });

function guarded(allowDevtoolsScheme = false) {
  const session = new FakeSession('desk');
  const blocked: Array<[string, string]> = [];
  guardSessionRequests(session, { decide: (u) => allowlist.decide(u), audit: auditInto({ recordSecurity: (e) => blocked.push([e.url, e.detail]) }), allowDevtoolsScheme });
  return { session, blocked };
}

describe('guardSessionRequests', () => {
  it.each([
    'app://desk/index.html',
    'app://desk/assets/app.js',
    'wss://sbc.bank.example:7443/ws',
    'https://api.bank.example/api/v1/session',
    'https://api2.bank.example:8443/x',
    'https://updates.bank.example/desk/latest.json',
  ])('lets %s through', (url) => {
    const { session, blocked } = guarded();
    expect(session.request(url)).toEqual({});
    expect(blocked).toEqual([]);
  });

  it.each([
    ['https://evil.example/exfil?kb=secret', 'https://evil.example/exfil', 'host'],
    ['http://api.bank.example/', 'http://api.bank.example/', 'scheme'],
    ['https://api.bank.example:444/', 'https://api.bank.example:444/', 'port'],
    ['wss://sbc.bank.example/ws', 'wss://sbc.bank.example/ws', 'port'],
    ['https://user:pw@api.bank.example/', 'https://api.bank.example/', 'userinfo'],
    ['https://8.8.8.8/dns-query', 'https://8.8.8.8/dns-query', 'ip-literal'],
    ['https://clients2.google.com/spellcheck', 'https://clients2.google.com/spellcheck', 'host'],
    ['file:///etc/passwd', 'file:///etc/passwd', 'scheme'],
    ['devtools://devtools/bundled/inspector.html', 'devtools:', 'scheme'],
  ])('cancels %s and records it (redacted) with the allowlist reason', (url, reported, reason) => {
    const { session, blocked } = guarded();
    expect(session.request(url)).toEqual({ cancel: true });
    expect(blocked).toEqual([[reported, reason]]);
  });

  it('never puts query strings or credentials into the record', () => {
    const { session, blocked } = guarded();
    session.request('https://evil.example/p?token=abc123#frag');
    session.request('https://alice:hunter2@evil.example/');
    expect(JSON.stringify(blocked)).not.toMatch(/abc123|hunter2|alice|frag/);
  });

  it('allows devtools:// only when DevTools are enabled (unpackaged dev runs)', () => {
    expect(guarded(true).session.request('devtools://devtools/bundled/inspector.html')).toEqual({});
    expect(guarded(false).session.request('devtools://devtools/bundled/inspector.html')).toEqual({ cancel: true });
  });

  it('fails closed when the decision throws', () => {
    const decision = decideRequest('https://api.bank.example/', {
      decide: () => {
        throw new Error('boom');
      },
      audit: () => undefined,
    });
    expect(decision).toEqual({ allow: false, reason: 'decision-error' });
  });
});
