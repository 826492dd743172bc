import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedSiteProfile, SiteProfile } from '../../institution/contract/site-profile.ts';
import { IPC_PREFIX } from '../../electron/contract/channels.ts';
import { signSiteProfile } from '../../electron/core/profile/sign.ts';
import type { StartedDesk } from '../../electron/main/bootstrap.ts';
import { FakeWebContents } from '../../electron/main/testing/fake-electron.ts';
import { run, useBootWorld, type World } from '../../electron/main/testing/boot-world.ts';
import { startDeskHost, type DeskHost } from './desk-host.ts';
import { KEY_HEADER } from './browser-transport.ts';

/**
 * Main and the browser test host, side by side, for one profile WITH SIP (two SBCs) and
 * TURN entries: every header of every answer, the static-file refusal table, the answers
 * to malformed calls and event delivery must be the same. Main runs its real bootstrap
 * with fake Electron objects; the host runs over real HTTP. If either side changes a
 * header or a decision, this fails.
 */
const boot = useBootWorld();
const { cleanups } = boot;
let signedProfile: SignedSiteProfile;
let trustedKeys: Record<string, string>;

beforeAll(async () => {
  const base = (await boot.institution.call('GET', '/site-profile')).body as SignedSiteProfile;
  const profile: SiteProfile = {
    ...(base.profile as SiteProfile),
    sip: {
      wss: [
        { url: 'wss://sbc-a.bank.test:7443/ws', weight: 20 },
        { url: 'wss://sbc-b.bank.test/ws', weight: 10 },
      ],
    },
    turn: [{ urls: ['turn:turn.bank.test:3478?transport=udp', 'turns:turn.bank.test:5349?transport=tcp'] }],
  };
  const keys = generateKeyPairSync('ed25519');
  signedProfile = signSiteProfile(profile, 'parity-key', keys.privateKey);
  trustedKeys = { 'parity-key': keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
});

interface Pair {
  main: World;
  started: StartedDesk;
  host: DeskHost;
}

/** Main and the host on the same renderer directory, profile and keys. */
async function pair(): Promise<Pair> {
  const main = await boot.world({ signedProfile, trustedKeys });
  const renderer = main.options.rendererDir;
  writeFileSync(path.join(renderer, 'app.js'), 'console.log("desk")');
  writeFileSync(path.join(renderer, 'app.css'), 'body{}');
  writeFileSync(path.join(renderer, 'blob.bin'), Buffer.from([1, 2, 3]));
  writeFileSync(path.join(renderer, 'notes.txt'), 'x');
  mkdirSync(path.join(renderer, 'assets'));
  writeFileSync(path.join(renderer, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const outside = mkdtempSync(path.join(tmpdir(), 'parity-outside-'));
  cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(path.join(outside, 'secret.js'), 'secret');
  symlinkSync(path.join(outside, 'secret.js'), path.join(renderer, 'link-out.js'));

  main.app.beginInitialization();
  const started = await run(main);
  if (!started) throw new Error('main did not start');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parity-host-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const host = await startDeskHost({
    institutionUrl: boot.institution.server.url,
    caPem: boot.institution.server.caCertPem,
    trustedProfileKeys: trustedKeys,
    signedProfile,
    dataDir,
    workstationId: 'WS-PARITY-HOST',
    rendererDir: renderer,
    log: () => undefined,
  });
  cleanups.push(() => host.close());
  return { main, started, host };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers of the transport, not of the app: they differ by nature between HTTP/1.1 and a protocol handler. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function appHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !TRANSPORT_HEADERS.has(name.toLowerCase())).map(([n, v]) => [n.toLowerCase(), v]));
}

async function fromMain(p: Pair, rawPath: string, method = 'GET'): Promise<Answer> {
  const handler = p.main.deskSession.protocolHandlers.get('app');
  if (!handler) throw new Error('main registered no app:// handler');
  const response = await handler({ url: `app://desk${rawPath}`, method } as Request);
  return { status: response.status, headers: appHeaders(Object.fromEntries(response.headers.entries())), body: await response.text() };
}

function fromHost(p: Pair, rawPath: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const url = new URL(p.host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: rawPath, method: o.method ?? 'GET', headers: o.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers[name] = value;
        resolve({ status: res.statusCode ?? 0, headers: appHeaders(headers), body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${rawPath}: timed out`)));
    req.on('error', reject);
    req.end(o.body);
  });
}

/** What the host adds to index.html (and therefore to its length): the bridge script tag. */
function withoutBridge(a: Answer): Answer {
  const body = a.body.replace('<script src="/__desk/bridge.js"></script>', '');
  const headers = { ...a.headers };
  if ('content-length' in headers) headers['content-length'] = String(Buffer.byteLength(body));
  return { ...a, headers, body };
}

describe('main and the browser test host answer alike (profile with SIP and TURN)', () => {
  it('serves the same CSP — with both SBC origins — and every other security header, on every answer', async () => {
    const p = await pair();
    const index = await fromMain(p, '/index.html');
    const csp = index.headers['content-security-policy'];
    expect(csp).toContain('connect-src \'self\' wss://sbc-a.bank.test:7443 wss://sbc-b.bank.test');
    expect(csp).not.toContain('turn');
    expect(p.host.csp).toBe(csp);
    expect(withoutBridge(await fromHost(p, '/index.html'))).toEqual(index);
  });

  const table = [
    '/',
    '/index.html',
    '/app.js',
    '/app.css',
    '/assets/logo.svg',
    '/blob.bin',
    '/notes.txt',
    '/missing.js',
    '/assets/',
    '/assets',
    '/link-out.js',
    '/%2e%2e/secret.js',
    '/..%2fsecret.js',
    '/a%5cb.js',
    '/%00.js',
    '/app.js?v=1#x',
    '/app.js%00.html',
    `/${'a'.repeat(300)}.js`,
  ];

  it('applies the same static-file refusal table, status and headers alike', async () => {
    const p = await pair();
    for (const rawPath of table) {
      const main = await fromMain(p, rawPath);
      const host = await fromHost(p, rawPath);
      expect({ path: rawPath, ...withoutBridge(host) }).toEqual({ path: rawPath, ...main });
    }
    // Not every path was refused, nor every one served: the table means something.
    const statuses = new Set(await Promise.all(table.map(async (t) => (await fromMain(p, t)).status)));
    expect([...statuses].sort()).toEqual([200, 403, 404]);
    expect((await fromMain(p, '/x', 'POST')).status).toBe(405);
    expect((await fromHost(p, '/x', { method: 'PUT' })).status).toBe(405);
  });

  it('answers malformed and refused calls with the same results', async () => {
    const p = await pair();
    const ours = p.started.window.webContents as FakeWebContents;
    const viaMain = async (channel: string, args: unknown[], sender = ours) => {
      const handler = p.main.ipcMain.handlers.get(IPC_PREFIX + channel);
      if (!handler) return { ok: false, error: { code: 'bad_request' } }; // the preload refuses channels outside the table
      return handler({ sender, senderFrame: sender.mainFrame } as never, ...args);
    };
    const viaHost = async (channel: string, args: unknown[], origin = p.host.origin) =>
      JSON.parse(
        (
          await fromHost(p, `/__desk/invoke/${encodeURIComponent(channel)}`, {
            method: 'POST',
            headers: { origin, 'content-type': 'application/json', [KEY_HEADER]: p.host.key },
            body: JSON.stringify(args),
          })
        ).body,
      ) as unknown;
    const cases: [string, unknown[]][] = [
      ['session.login', [{ operatorId: 42 }]],
      ['session.login', []],
      ['session.login', [{ operatorId: 'A1001', password: 'x', extra: 1 }]],
      ['settings.set', [{ language: 'fr-FR' }]],
      ['session.info', ['unexpected']],
      ['session.info', [undefined, 'second']],
      ['session.lock', []],
      ['session.unlock', [{ password: 'x' }]],
      ['activity.report', []],
      ['audit.record', [{ action: 'area-opened', detail: '../../etc' }]],
      ['audit.record', [{ action: 'area-opened', detail: 'kb' }]],
      ['shell.exec', []],
      ['__proto__', []],
      // Main's notification channel: access first (signed out), then its schema.
      ['notify.incoming-call', [{ title: '来电', body: '{caller} 来电', caller: '*******5678' }]],
      ['notify.incoming-call', [{ title: '来电', body: '{caller} 来电', caller: '13912345678' }]],
    ];
    for (const [channel, args] of cases) {
      expect({ channel, args, result: await viaHost(channel, args) }).toEqual({ channel, args, result: await viaMain(channel, args) });
    }
    // A stranger is refused the same way on both sides.
    const stranger = new FakeWebContents('https://evil.example/');
    expect(await viaHost('session.info', [], 'http://evil.example')).toEqual(await viaMain('session.info', [], stranger));
    expect(await viaMain('session.info', [], stranger)).toEqual({ ok: false, error: { code: 'forbidden_sender' } });
    // The main-owned channel answers on both sides (versions differ by nature: Electron's vs this Node's).
    expect(await viaMain('system.versions', [])).toMatchObject({ ok: true, value: { app: '0.1.0-test', electron: '45.5.0' } });
    expect(await viaHost('system.versions', [])).toMatchObject({ ok: true, value: { electron: null, node: process.versions.node } });
  });

  it('delivers core events to the page the same way: `desk:<event>` with the contract payload', async () => {
    const p = await pair();
    const ours = p.started.window.webContents as FakeWebContents;
    const url = new URL(p.host.origin);
    const received: string[] = [];
    const stream = request({ host: url.hostname, port: url.port, path: `/__desk/events?key=${p.host.key}`, headers: { origin: p.host.origin } });
    const connected = new Promise<void>((resolve, reject) => {
      stream.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received.push(chunk);
          resolve();
        });
      });
      stream.on('error', reject);
    });
    stream.end();
    await connected;
    cleanups.push(() => void stream.destroy());
    // Something both cores announce: a new audit record changes the backlog.
    p.host.core.recordSecurity({ kind: 'input-blocked', url: 'app://desk/', detail: 'parity' });
    const mainCore = p.started.core as unknown as typeof p.host.core;
    mainCore.recordSecurity({ kind: 'input-blocked', url: 'app://desk/', detail: 'parity' });
    for (let i = 0; i < 200 && !received.join('').includes('audit.status-changed'); i += 1) await new Promise((r) => setTimeout(r, 10));
    const mainSent = ours.sent.find((s) => s.channel === `${IPC_PREFIX}audit.status-changed`);
    expect(mainSent).toBeDefined();
    const hostEvent = /event: (\S+)\ndata: (.*)\n/.exec(received.join('').slice(received.join('').indexOf(`event: ${IPC_PREFIX}audit.status-changed`)));
    expect(hostEvent?.[1]).toBe(mainSent?.channel);
    expect(Object.keys(JSON.parse(hostEvent?.[2] ?? 'null') as object)).toEqual(Object.keys(mainSent?.payload as object));
  });
});
