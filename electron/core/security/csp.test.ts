import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CspConfigError } from './csp.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split('; ').map((d) => { const [name = '', ...sources] = d.split(' '); return [name, sources]; }));
}

describe('contentSecurityPolicy', () => {
  it('is the strict policy, with the given origins added to connect-src only', () => {
    expect(contentSecurityPolicy({ connectSrc: ['wss://sip.bank.com', 'https://api.bank.com:8443/'] })).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "media-src 'self' blob:; connect-src 'self' wss://sip.bank.com https://api.bank.com:8443; object-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; frame-src 'none'; worker-src 'self'; " +
        "require-trusted-types-for 'script'; trusted-types 'none'",
    );
  });

  it('never allows inline or eval script, and normalizes and de-duplicates origins', () => {
    const csp = contentSecurityPolicy({ connectSrc: ['WSS://SIP.bank.com:443', 'wss://sip.bank.com/'] });
    expect(csp).not.toMatch(/unsafe-|\*/);
    expect(directives(csp).get('connect-src')).toEqual(["'self'", 'wss://sip.bank.com']);
    expect(directives(contentSecurityPolicy({ connectSrc: [] })).get('connect-src')).toEqual(["'self'"]);
  });

  it.each([
    ['a wildcard host', 'wss://*.bank.com'],
    ['a bare wildcard', '*'],
    ['a scheme-only source', 'wss:'],
    ['http', 'http://api.bank.com'],
    ['ws', 'ws://sip.bank.com'],
    ['data:', 'data:'],
    ['a keyword', "'unsafe-inline'"],
    ['a directive injection', 'https://a.com; script-src *'],
    ['a space', 'https://a.com https://b.com'],
    ['a path', 'wss://sip.bank.com/ws'],
    ['a query', 'https://api.bank.com/?x=1'],
    ['userinfo', 'https://u@api.bank.com'],
    ['non-ASCII', 'https://аpi.bank.com'],
    ['empty', ''],
    ['not a URL', 'api.bank.com'],
  ])('refuses %s', (_label, source) => {
    expect(() => contentSecurityPolicy({ connectSrc: [source] })).toThrow(CspConfigError);
  });
});
