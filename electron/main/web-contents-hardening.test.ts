import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from './security-events.ts';
import { FakeWebContents, fakeEvent } from './testing/fake-electron.ts';
import { hardenWebContents, installWebContentsHardening, mayNavigate, WEBRTC_IP_HANDLING_POLICY } from './web-contents-hardening.ts';

function harden(platform: 'win32' | 'darwin' | 'linux' = 'win32') {
  const contents = new FakeWebContents();
  const audits: SecurityEvent[] = [];
  hardenWebContents(contents, { platform, audit: (e) => audits.push(e) });
  return { contents, audits };
}

const nav = (url: string, isSameDocument = false, isMainFrame = true) => fakeEvent({ url, isSameDocument, isMainFrame });

describe('will-navigate', () => {
  it.each([
    ['https://evil.example/phish', false],
    ['https://api.bank.example/', false],
    ['file:///etc/passwd', false],
    ['app://desk/index.html', false],
    ['app://desk/other.html', false],
    ['app://evil/index.html', true],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['about:blank', false],
  ])('denies %s (same-document=%s) and audits it', (url, sameDocument) => {
    const { contents, audits } = harden();
    const event = nav(url, sameDocument);
    contents.emit('will-navigate', event, url);
    expect(event.defaultPrevented).toBe(true);
    expect(audits).toEqual([{ kind: 'navigation-denied', url, detail: 'will-navigate' }]);
  });

  it('lets same-document navigation inside app://desk through (pushState, #fragment)', () => {
    const { contents, audits } = harden();
    const event = nav('app://desk/index.html#/kb', true);
    contents.emit('will-navigate', event, event.url);
    expect(event.defaultPrevented).toBe(false);
    expect(audits).toEqual([]);
  });
});

describe('will-redirect', () => {
  it('denies a redirect to another origin and audits it', () => {
    const { contents, audits } = harden();
    const event = nav('https://evil.example/');
    contents.emit('will-redirect', event, event.url);
    expect(event.defaultPrevented).toBe(true);
    expect(audits).toEqual([{ kind: 'redirect-denied', url: 'https://evil.example/', detail: 'will-redirect' }]);
  });

  it('denies a cross-document redirect even to app://desk', () => {
    const { contents } = harden();
    const event = nav('app://desk/index.html');
    contents.emit('will-redirect', event, event.url);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('will-frame-navigate', () => {
  it('denies any sub-frame navigation and audits it', () => {
    const { contents, audits } = harden();
    const event = nav('https://evil.example/frame', false, false);
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(audits).toEqual([{ kind: 'frame-navigation-denied', url: 'https://evil.example/frame', detail: 'will-frame-navigate' }]);
  });

  it('leaves main-frame decisions to will-navigate (no double audit)', () => {
    const { contents, audits } = harden();
    const event = nav('https://evil.example/', false, true);
    contents.emit('will-frame-navigate', event);
    expect(audits).toEqual([]);
  });
});

describe('window.open', () => {
  it.each(['https://evil.example/', 'app://desk/index.html', 'about:blank'])('denies window.open(%s) and audits it', (url) => {
    const { contents, audits } = harden();
    expect(contents.windowOpenHandler).toBeDefined();
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(audits).toEqual([{ kind: 'window-open-denied', url, detail: 'window-open' }]);
  });
});

describe('<webview>', () => {
  it('prevents every webview from attaching and audits it', () => {
    const { contents, audits } = harden();
    const event = fakeEvent({});
    const webPreferences = { nodeIntegration: true };
    contents.emit('will-attach-webview', event, webPreferences, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
    expect(audits).toEqual([{ kind: 'webview-denied', url: 'https://evil.example/', detail: 'will-attach-webview' }]);
  });
});

describe('input guard wiring', () => {
  it('blocks Ctrl+C through before-input-event and audits once per key press', () => {
    const { contents, audits } = harden('win32');
    const input = { type: 'keyDown', key: 'c', code: 'KeyC', control: true, meta: false, shift: false, alt: false };
    const down = fakeEvent({});
    contents.emit('before-input-event', down, input);
    const up = fakeEvent({});
    contents.emit('before-input-event', up, { ...input, type: 'keyUp' });
    expect(down.defaultPrevented).toBe(true);
    expect(up.defaultPrevented).toBe(true);
    expect(audits).toEqual([{ kind: 'input-blocked', url: 'app://desk/index.html', detail: 'copy' }]);
  });

  it('lets ordinary typing through; paste waits for a field (no input area known here: blocked)', () => {
    const { contents, audits } = harden('win32');
    const typing = fakeEvent({});
    contents.emit('before-input-event', typing, { type: 'keyDown', key: 'a', code: 'KeyA', control: false, meta: false, shift: false, alt: false });
    expect(typing.defaultPrevented).toBe(false);
    const paste = fakeEvent({});
    contents.emit('before-input-event', paste, { type: 'keyDown', key: 'v', code: 'KeyV', control: true, meta: false, shift: false, alt: false });
    expect(paste.defaultPrevented).toBe(true);
    expect(audits).toEqual([{ kind: 'input-blocked', url: 'app://desk/index.html', detail: 'paste' }]);
  });
});

describe('installWebContentsHardening', () => {
  it('hardens every webContents the app announces, not only ours', () => {
    const app = new EventEmitter();
    const audits: SecurityEvent[] = [];
    installWebContentsHardening(app as never, { platform: 'linux', audit: (e) => audits.push(e) });
    const first = new FakeWebContents();
    const stranger = new FakeWebContents('devtools://devtools/bundled/inspector.html');
    app.emit('web-contents-created', {}, first);
    app.emit('web-contents-created', {}, stranger);
    for (const contents of [first, stranger]) {
      expect(contents.windowOpenHandler).toBeDefined();
      expect(contents.webRtcIpHandlingPolicy).toBe('default_public_interface_only');
      for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview', 'before-input-event']) {
        expect(contents.listenerCount(event)).toBe(1);
      }
    }
  });
});

describe('WebRTC IP handling', () => {
  it('offers only the default public interface: no private addresses, no other adapters, UDP kept', () => {
    const { contents } = harden();
    expect(contents.webRtcIpHandlingPolicy).toBe('default_public_interface_only');
    expect(WEBRTC_IP_HANDLING_POLICY).toBe('default_public_interface_only');
  });
});

describe('mayNavigate', () => {
  it('requires both same-document and the app origin', () => {
    expect(mayNavigate({ url: 'app://desk/index.html#x', isSameDocument: true })).toBe(true);
    expect(mayNavigate({ url: 'app://desk/index.html#x', isSameDocument: false })).toBe(false);
    expect(mayNavigate({ url: 'https://evil.example/#x', isSameDocument: true })).toBe(false);
  });
});
