import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../core/security/csp.ts';
import { createAppRequestHandler, registerAppProtocol, type AppRequestHandler } from './app-protocol.ts';
import { FakeSession } from './testing/fake-electron.ts';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-BUNDLE';
const CSP = contentSecurityPolicy({ connectSrc: ['wss://sbc.bank.example:7443'] });

const base = mkdtempSync(path.join(tmpdir(), 'desk-protocol-'));
const root = path.join(base, 'renderer');
let handle: AppRequestHandler;

beforeAll(() => {
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(path.join(root, 'assets', 'app-1a2b.js'), 'console.log("desk")');
  writeFileSync(path.join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'assets', 'ring.ogg'), Buffer.from([0x4f, 0x67, 0x67, 0x53]));
  writeFileSync(path.join(root, '.env'), SECRET);
  writeFileSync(path.join(root, '.hidden.js'), SECRET);
  writeFileSync(path.join(root, 'notes.unknownext'), 'x');
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
  mkdirSync(path.join(base, 'outside'));
  writeFileSync(path.join(base, 'outside', 'secret.txt'), SECRET);
  // Symlinks inside the bundle that lead out of it.
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'link-out.txt'));
  symlinkSync(path.join(base, 'outside'), path.join(root, 'linkdir'));
  // A symlink that stays inside is fine.
  symlinkSync(path.join(root, 'assets', 'style.css'), path.join(root, 'alias.css'));
  handle = createAppRequestHandler({ rootDir: root, contentSecurityPolicy: CSP });
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handle({ url, method });

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
}

describe('app:// protocol handler', () => {
  it.each([
    ['app://desk/index.html', 'text/html; charset=utf-8', '<!doctype html><title>desk</title>'],
    ['app://desk/', 'text/html; charset=utf-8', '<!doctype html><title>desk</title>'],
    ['app://desk', 'text/html; charset=utf-8', '<!doctype html><title>desk</title>'],
    ['app://desk/index.html?lang=zh-CN#/login', 'text/html; charset=utf-8', '<!doctype html><title>desk</title>'],
    ['app://desk/assets/app-1a2b.js', 'text/javascript; charset=utf-8', 'console.log("desk")'],
    ['app://desk/assets/style.css', 'text/css; charset=utf-8', 'body{}'],
    ['app://desk/alias.css', 'text/css; charset=utf-8', 'body{}'],
    ['app://desk/assets/logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  ])('serves %s with its type and the security headers', async (url, type, body) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expectSecurityHeaders(response);
    expect(await response.text()).toBe(body);
  });

  it('serves binary files byte for byte', async () => {
    const response = await get('app://desk/assets/ring.ogg');
    expect(response.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0x4f, 0x67, 0x67, 0x53]));
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://desk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://desk/index.html', 'POST');
    expect(post.status).toBe(405);
    expectSecurityHeaders(post);
  });

  const attempts = [
    'app://desk/../secret.txt',
    'app://desk/assets/../../secret.txt',
    'app://desk/%2e%2e/secret.txt',
    'app://desk/%2E%2E/secret.txt',
    'app://desk/.%2e/secret.txt',
    'app://desk/%2e/index.html',
    'app://desk/./index.html',
    'app://desk/..%2fsecret.txt',
    'app://desk/assets%2f..%2f..%2fsecret.txt',
    'app://desk/..%5csecret.txt',
    'app://desk/..\\secret.txt',
    'app://desk/assets\\..\\..\\secret.txt',
    'app://desk//etc/passwd',
    'app://desk/%2fetc%2fpasswd',
    `app://desk/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    'app://desk/C:/Windows/win.ini',
    'app://desk/c%3a%5cwindows%5cwin.ini',
    'app://desk/index.html%00.svg',
    'app://desk/index.html\u0000',
    'app://desk/%252e%252e/secret.txt',
    'app://desk/%c0%ae%c0%ae/secret.txt',
    'app://desk/link-out.txt',
    'app://desk/linkdir/secret.txt',
    'app://desk/.env',
    'app://desk/.hidden.js',
    'app://desk/assets/',
    'app://desk/assets',
    'app://desk/notes.unknownext',
    'app://desk/missing.js',
    'app://evil/index.html',
    'app://desk.evil/index.html',
    'app://desk@evil/index.html',
    'app://desk:8080/index.html',
    'app://DESK/index.html',
    'file:///etc/passwd',
    'https://desk/index.html',
  ];

  it.each(attempts)('refuses %s', async (url) => {
    const response = await get(url);
    expect([403, 404]).toContain(response.status);
    expectSecurityHeaders(response);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('has a table of at least 15 refusals', () => {
    expect(attempts.length).toBeGreaterThanOrEqual(15);
  });

  it('registers on the given (desk session) protocol object under the app scheme', async () => {
    const session = new FakeSession('desk');
    registerAppProtocol(session.protocol, { rootDir: root, contentSecurityPolicy: CSP });
    const handler = session.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const response = await handler!(new Request('app://desk/index.html'));
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
  });

  it('answers 500 (with headers, without details) when the renderer is not built', async () => {
    const missing = createAppRequestHandler({ rootDir: path.join(base, 'no-such-dir'), contentSecurityPolicy: CSP });
    const response = await missing({ url: 'app://desk/index.html', method: 'GET' });
    expect(response.status).toBe(500);
    expectSecurityHeaders(response);
    expect(await response.text()).not.toContain('no-such-dir');
  });
});
