import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl, originOf, redactUrl } from './origin.ts';

describe('origin', () => {
  it.each([
    ['app://desk/index.html', 'app://desk'],
    ['app://desk', 'app://desk'],
    ['app://evil/x', 'app://evil'],
    ['https://api.bank.example:8443/x?y', 'https://api.bank.example:8443'],
    ['wss://sbc.bank.example/ws', 'wss://sbc.bank.example'],
    ['file:///etc/passwd', 'null'],
    ['data:text/html,hi', 'null'],
    ['about:blank', 'null'],
    ['app://user@desk/', 'null'],
    ['not a url', 'null'],
  ])('originOf(%s) = %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  it('knows its own entry point', () => {
    expect(APP_ORIGIN).toBe('app://desk');
    expect(APP_ENTRY_URL).toBe('app://desk/index.html');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://desk.evil/')).toBe(false);
  });

  it.each([
    ['https://alice:pw@evil.example/a/b?token=1#f', 'https://evil.example/a/b'],
    ['app://desk/index.html?x=1', 'app://desk/index.html'],
    ['data:text/plain,CUSTOMER-DATA', 'data:'],
    ['blob:app://desk/7f0c6f2e-1111-4222-8333-944444444444', 'blob:'],
    ['javascript:alert(document.cookie)', 'javascript:'],
    ['::::', '<malformed-url>'],
  ])('redactUrl(%s) = %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});
