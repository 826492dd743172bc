import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideIceServers, MAX_ICE_URLS, parseIceUrl, profileIceUrls, refusalOf, type IceRequest, type RequestedIceServer } from './ice-policy.ts';
import { IceRefusal } from './schemas.ts';

const PROFILE = ['turn:turn.bank.test:3478?transport=udp', 'turns:turn.bank.test:5349?transport=tcp', 'turn:[2001:db8::7]:3478'];
const ask = (...servers: RequestedIceServer[]): IceRequest => ({ malformed: false, servers });
const one = (url: string, extra: Partial<RequestedIceServer> = {}): IceRequest => ask({ urls: [url], ...extra });

describe('parseIceUrl', () => {
  it.each([
    ['stun:stun.example', { scheme: 'stun', host: 'stun.example', port: 3478, transport: 'udp' }],
    ['stuns:stun.example', { scheme: 'stuns', host: 'stun.example', port: 5349, transport: 'tcp' }],
    ['turn:10.0.0.1:19302', { scheme: 'turn', host: '10.0.0.1', port: 19302, transport: 'udp' }],
    ['turn:h.example?transport=tcp', { scheme: 'turn', host: 'h.example', port: 3478, transport: 'tcp' }],
    ['turns:h.example:443?transport=tcp', { scheme: 'turns', host: 'h.example', port: 443, transport: 'tcp' }],
    ['TURN:H.Example:3478?TRANSPORT=TCP', { scheme: 'turn', host: 'h.example', port: 3478, transport: 'tcp' }],
    ['turn:[2001:DB8::7]', { scheme: 'turn', host: '[2001:db8::7]', port: 3478, transport: 'udp' }],
  ])('%s', (url, endpoint) => {
    expect(parseIceUrl(url)).toEqual(endpoint);
  });

  it.each([
    ' turn:h.example', 'turn:h.example ', 'turn: h.example', 'turn:h.example\n', 'turn:h.exa\tmple', 'turn:h.example\u00a0',
    'turn://h.example', 'turn:user@h.example', 'turn:user:pass@h.example', 'turn:h.example/path', 'turn:h.example#frag',
    'turn:h.example?transport=sctp', 'turn:h.example?transport=tcp&x=1', 'turn:h.example?x=1', 'turn:h.example?transport=tcp?transport=udp',
    'stun:h.example?transport=udp', 'stuns:h.example?transport=tcp', 'turn:h.example:0', 'turn:h.example:65536', 'turn:h.example:03478',
    'turn:h.example:', 'turn:h.example:3478:1', 'turn:h%2eexample', 'turn:ｈ.example', 'turn:h_x.example', 'turn:-h.example', 'turn:',
    'turn:[::1', 'turn:[zz::1]', 'http://h.example', 'https:h.example', 'stunx:h.example', 'tur n:h.example', '',
  ])('refuses %j', (url) => {
    expect(parseIceUrl(url)).toBeNull();
  });

  it('refuses anything longer than 300 characters', () => {
    expect(parseIceUrl(`turn:${'a'.repeat(296)}`)).toBeNull();
  });
});

describe('decideIceServers', () => {
  it('allows a configuration without servers even before the list is loaded (host candidates only)', () => {
    expect(decideIceServers(ask(), null)).toEqual({ verdict: 'allow', servers: [] });
    expect(decideIceServers(ask(), PROFILE)).toEqual({ verdict: 'allow', servers: [] });
  });

  it('is not ready while the profile list has not arrived', () => {
    expect(decideIceServers(one(PROFILE[0]!), null)).toEqual({ verdict: 'not-ready' });
  });

  it("grants the profile's own URL string, with the page's credentials", () => {
    expect(decideIceServers(one('TURN:Turn.Bank.Test', { username: '1700000000:A1001', credential: 'c2VjcmV0' }), PROFILE)).toEqual({
      verdict: 'allow',
      servers: [{ urls: PROFILE[0], username: '1700000000:A1001', credential: 'c2VjcmV0' }],
    });
  });

  it('splits a multi-URL entry into one granted server per URL, credentials kept', () => {
    const decision = decideIceServers(ask({ urls: ['turns:turn.bank.test', 'turn:turn.bank.test?transport=udp'], username: 'u', credential: 'c' }), PROFILE);
    expect(decision).toEqual({
      verdict: 'allow',
      servers: [
        { urls: PROFILE[1], username: 'u', credential: 'c' },
        { urls: PROFILE[0], username: 'u', credential: 'c' },
      ],
    });
  });

  it.each([
    ['a STUN server outside the profile', 'stun:127.0.0.2:3478', { scheme: 'stun', host: '127.0.0.2', port: 3478 }],
    ['STUN at the TURN server (the profile names TURN only)', 'stun:turn.bank.test:3478', { scheme: 'stun', host: 'turn.bank.test', port: 3478 }],
    ['TURN over TCP to a foreign address', 'turn:127.0.0.2:443?transport=tcp', { scheme: 'turn', host: '127.0.0.2', port: 443 }],
    ['the profile host on another transport', 'turn:turn.bank.test:3478?transport=tcp', { scheme: 'turn', host: 'turn.bank.test', port: 3478 }],
    ['the profile host on another port', 'turn:turn.bank.test:3479', { scheme: 'turn', host: 'turn.bank.test', port: 3479 }],
    ['turns: instead of turn:', 'turns:turn.bank.test:3478?transport=udp', { scheme: 'turns', host: 'turn.bank.test', port: 3478 }],
    ['a look-alike host', 'turn:turn.bank.test.evil.example', { scheme: 'turn', host: 'turn.bank.test.evil.example', port: 3478 }],
    ['the profile host with a trailing dot', 'turn:turn.bank.test.', { scheme: 'turn', host: 'turn.bank.test.', port: 3478 }],
    ['whitespace around an allowed URL', ` ${PROFILE[0]}`, { scheme: 'invalid', host: '', port: 0 }],
  ])('refuses %s', (_what, url, refused) => {
    expect(decideIceServers(one(url), PROFILE)).toEqual({ verdict: 'refuse', refused });
  });

  it('refuses the whole configuration when allowed and forbidden servers are mixed, whichever comes first', () => {
    const forbidden = { urls: ['stun:127.0.0.2:9'] };
    const allowed = { urls: [PROFILE[0]!] };
    const refused = { verdict: 'refuse', refused: { scheme: 'stun', host: '127.0.0.2', port: 9 } };
    expect(decideIceServers(ask(allowed, forbidden), PROFILE)).toEqual(refused);
    expect(decideIceServers(ask(forbidden, allowed), PROFILE)).toEqual(refused);
    expect(decideIceServers(ask({ urls: [PROFILE[0]!, 'stun:127.0.0.2:9'] }), PROFILE)).toEqual(refused);
  });

  it('refuses malformed requests: unreadable configuration, an entry without URLs, too many URLs', () => {
    const invalid = { verdict: 'refuse', refused: { scheme: 'invalid', host: '', port: 0 } };
    expect(decideIceServers({ malformed: true, servers: [] }, PROFILE)).toEqual(invalid);
    expect(decideIceServers(ask({ urls: [] }), PROFILE)).toEqual(invalid);
    expect(decideIceServers(ask({ urls: Array.from({ length: MAX_ICE_URLS + 1 }, () => PROFILE[0]!) }), PROFILE)).toEqual(invalid);
  });

  it('never grants anything when the profile names no server', () => {
    expect(decideIceServers(one(PROFILE[0]!), [])).toEqual({ verdict: 'refuse', refused: { scheme: 'turn', host: 'turn.bank.test', port: 3478 } });
  });
});

describe('properties (fast-check)', () => {
  /** Allowed URLs, respelled (case, defaults made explicit) or damaged, and arbitrary strings. */
  const flipCase = (s: string, mask: boolean[]) => [...s].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase())).join('');
  const candidateUrl = fc.oneof(
    fc.constantFrom(...PROFILE),
    fc.tuple(fc.constantFrom(...PROFILE), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })).map(([u, mask]) => flipCase(u, mask)),
    fc.tuple(fc.constantFrom(...PROFILE), fc.nat(), fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u200b', '/', '#', '@', '%20', '?x=1', '.evil')).map(
      ([u, at, junk]) => u.slice(0, at % (u.length + 1)) + junk + u.slice(at % (u.length + 1)),
    ),
    fc.tuple(fc.constantFrom('stun', 'stuns', 'turn', 'turns', 'TURN', 'Stun'), fc.constantFrom('127.0.0.2', 'turn.bank.test', 'evil.example', '[::1]'), fc.option(fc.integer({ min: 0, max: 70_000 })), fc.constantFrom('', '?transport=udp', '?transport=tcp', '?transport=UDP'))
      .map(([scheme, host, port, query]) => `${scheme}:${host}${port === null ? '' : `:${port}`}${query}`),
    fc.string({ maxLength: 40 }),
  );
  const server = fc.record(
    { urls: fc.array(candidateUrl, { minLength: 1, maxLength: 4 }), username: fc.string({ maxLength: 8 }), credential: fc.string({ maxLength: 8 }) },
    { requiredKeys: ['urls'] },
  );
  const request = fc.array(server, { maxLength: 4 }).map((servers) => ask(...servers));
  const key = (url: string) => {
    const e = parseIceUrl(url);
    return e === null ? null : `${e.scheme} ${e.host} ${e.port} ${e.transport}`;
  };
  const allowedKeys = new Set(PROFILE.map(key));

  it('only ever grants strings of the profile list itself', () => {
    fc.assert(
      fc.property(request, (r) => {
        const d = decideIceServers(r, PROFILE);
        if (d.verdict === 'allow') for (const s of d.servers) expect(PROFILE).toContain(s.urls);
      }),
    );
  });

  it('allows exactly when every URL names a profile endpoint; otherwise refuses the whole configuration', () => {
    fc.assert(
      fc.property(request, (r) => {
        const urls = r.servers.flatMap((s) => s.urls);
        const everyAllowed = urls.every((u) => allowedKeys.has(key(u)));
        expect(decideIceServers(r, PROFILE).verdict).toBe(everyAllowed ? 'allow' : 'refuse');
      }),
    );
  });

  it('reports refusals the bridge accepts (scheme, host, port only), and credentials never change the verdict', () => {
    fc.assert(
      fc.property(request, (r) => {
        const d = decideIceServers(r, PROFILE);
        if (d.verdict === 'refuse') expect(IceRefusal.safeParse(d.refused).success).toBe(true);
        const bare = ask(...r.servers.map((s) => ({ urls: s.urls })));
        expect(decideIceServers(bare, PROFILE).verdict).toBe(d.verdict);
      }),
    );
  });

  it('refusalOf reduces any text to a valid report', () => {
    fc.assert(
      fc.property(fc.oneof(candidateUrl, fc.string()), (u) => {
        expect(IceRefusal.safeParse(refusalOf(u)).success).toBe(true);
      }),
    );
  });
});

describe('profileIceUrls', () => {
  it("lists every URL of the profile's TURN entries, in order", () => {
    expect(profileIceUrls({ turn: [{ urls: [PROFILE[0]!, PROFILE[1]!] }, { urls: [PROFILE[2]!] }] })).toEqual(PROFILE);
    expect(profileIceUrls({ turn: [] })).toEqual([]);
  });

  it("adds the profile's STUN URLs after the TURN ones; the guard then allows exactly those", () => {
    const urls = profileIceUrls({ turn: [{ urls: ['turns:turn.bank.example:5349'] }], stun: [{ urls: ['stun:stun.bank.example:3478'] }] });
    expect(urls).toEqual(['turns:turn.bank.example:5349', 'stun:stun.bank.example:3478']);
    expect(decideIceServers({ malformed: false, servers: [{ urls: ['stun:STUN.bank.example'] }] }, urls)).toEqual({ verdict: 'allow', servers: [{ urls: 'stun:stun.bank.example:3478' }] });
    expect(decideIceServers({ malformed: false, servers: [{ urls: ['stun:stun.other.example'] }] }, urls).verdict).toBe('refuse');
  });
});
