import { INPUT_AREA_CHANNEL } from '../contract/kb-protection.ts';
import { PRIMARY_SELECTION_CHANNEL } from '../contract/primary-selection.ts';
import { connect } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels, IPC_PREFIX } from '../contract/channels.ts';
import { contentSecurityPolicy } from '../core/security/csp.ts';
import type { StartedDesk } from './bootstrap.ts';
import { STARTUP_FAILURES, type StartupFailureCause } from './startup-failures.ts';
import { run, useBootWorld, type World } from './testing/boot-world.ts';
import type { InvokeEvent } from './bridge/ipc-main.ts';
import { FakeBrowserWindow, FakeSession, FakeWebContents } from './testing/fake-electron.ts';

/**
 * The whole main-process start-up against a real institution server (HTTPS on 127.0.0.1,
 * real signed site profile, real SQLite outbox, real core). Only Electron is faked; every
 * fake writes into one call log, so the test can check the ORDER of the sequence.
 */
const SIP_WSS = 'wss://127.0.0.1:7443/ws';
const boot = useBootWorld({ sipWss: [{ url: SIP_WSS, weight: 10 }] });
const { world } = boot;
let caPem: string;
let leafPem: string;

beforeAll(async () => {
  const res = await boot.institution.call('GET', '/site-profile');
  expect(res.status).toBe(200);
  caPem = boot.institution.server.caCertPem;
  leafPem = await serverLeafPem(boot.institution.server.url, caPem);
});

/** The server's real TLS leaf, as Chromium would hand it to the verify proc. */
function serverLeafPem(url: string, ca: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca, servername: undefined }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.end();
      resolve(`-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END CERTIFICATE-----\n`);
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('TLS connect timed out')));
    socket.on('error', reject);
  });
}

async function start(w: World): Promise<StartedDesk> {
  const started = await run(w);
  expect(w.errors).toEqual([]);
  if (!started) throw new Error('bootstrap did not start');
  return started;
}

/** The dialog names the cause for IT in both UI languages. */
function expectSentences(text: string | undefined, cause: StartupFailureCause): void {
  expect(text).toContain(STARTUP_FAILURES[cause]['zh-CN']);
  expect(text).toContain(STARTUP_FAILURES[cause]['en-US']);
}

const invoke = (w: World, channel: string, event: InvokeEvent, payload?: unknown) =>
  w.ipcMain.handlers.get(IPC_PREFIX + channel)!(event as never, payload) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;

describe('bootstrap', () => {
  it('runs the start-up steps in the security-relevant order', async () => {
    const w = await world();
    await start(w);
    const forEachSession = (step: string) => [`default.${step}`, `desk.${step}`];
    expect(w.calls).toEqual([
      'process.on:uncaughtException',
      'process.on:unhandledRejection',
      'app.getPath:userData',
      'app.enableSandbox',
      'app.requestSingleInstanceLock',
      'app.on:second-instance',
      'protocol.registerSchemesAsPrivileged:[{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":true}}]',
      'app.on:window-all-closed',
      'app.whenReady',
      'app.configureHostResolver:{"secureDnsMode":"off","enableBuiltInResolver":false}',
      'Menu.setApplicationMenu:null',
      'safeStorage.isAsyncEncryptionAvailable',
      'core.createDeskCore',
      'powerMonitor.on:suspend',
      'powerMonitor.on:lock-screen',
      'app.on:will-quit',
      'app.on:web-contents-created',
      'app.on:render-process-gone',
      'app.on:child-process-gone',
      ...Object.keys(invokeChannels).map((c) => `ipcMain.handle:${IPC_PREFIX}${c}`),
      // The preload's input-area observer (input-area.ts): outside the desk table.
      `ipcMain.handle:${INPUT_AREA_CHANNEL}`,
      // Linux: the observer asks main to empty the selection clipboard (primary-selection.ts).
      `ipcMain.handle:${PRIMARY_SELECTION_CHANNEL}`,
      'session.fromPartition:desk',
      'desk.protocol.handle:app',
      ...forEachSession('webRequest.onBeforeRequest'),
      'default.setPermissionRequestHandler',
      'default.setPermissionCheckHandler',
      'default.setDevicePermissionHandler',
      'default.setDisplayMediaRequestHandler',
      'desk.setPermissionRequestHandler',
      'desk.setPermissionCheckHandler',
      'desk.setDevicePermissionHandler',
      'desk.setDisplayMediaRequestHandler',
      ...forEachSession('setCertificateVerifyProc'),
      ...forEachSession('setSpellCheckerEnabled:false'),
      'app.on:session-created',
      'new BrowserWindow',
      'window.loadURL:app://desk/index.html',
    ]);
  });

  it('opens the secure window with content protection and DevTools off', async () => {
    const w = await world();
    const { window } = await start(w);
    const created = FakeBrowserWindow.created[0]!;
    expect(window).toBe(created);
    expect(created.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, devTools: false, partition: 'desk', preload: w.options.preloadPath });
    expect(created.contentProtection).toEqual([true]);
  });

  it('serves the renderer over app:// with the profile\'s SIP origin in the CSP', async () => {
    const w = await world();
    await start(w);
    const response = await w.deskSession.protocolHandlers.get('app')!(new Request('app://desk/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ connectSrc: ['wss://127.0.0.1:7443'] }));
    expect(await response.text()).toContain('ChannelDesk');
  });

  it('answers IPC from our window through the real core, and refuses strangers', async () => {
    const w = await world();
    const { window } = await start(w);
    const ours = window.webContents as FakeWebContents;
    const info = await invoke(w, 'session.info', { sender: ours, senderFrame: ours.mainFrame });
    expect(info).toMatchObject({ ok: true, value: { workstationId: w.workstationId, session: { status: 'logged-out' } } });
    // The enrollment code from workstation.json reached core, which enrolled the workstation: sign-in works.
    const login = await invoke(w, 'session.login', { sender: ours, senderFrame: ours.mainFrame }, { operatorId: 'A1001', password: 'Agent#2026' });
    expect(login).toMatchObject({ ok: true, value: { status: 'active', operator: { id: 'A1001' } } });
    expect(await invoke(w, 'session.info', { sender: ours, senderFrame: ours.mainFrame })).toMatchObject({ ok: true, value: { enrollment: 'enrolled' } });
    const stranger = new FakeWebContents('app://desk/index.html');
    expect(await invoke(w, 'session.info', { sender: stranger, senderFrame: stranger.mainFrame })).toEqual({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it("follows the preload observer's input area: copy passes in the agent's field, never over an article or from a stranger", async () => {
    const w = await world();
    const { window } = await start(w);
    const ours = window.webContents as FakeWebContents;
    // Electron announces every webContents; the hardening (input guard included) attaches there.
    w.app.emit('web-contents-created', {}, ours);
    const from = { sender: ours, senderFrame: ours.mainFrame };
    await invoke(w, 'session.login', from, { operatorId: 'A1001', password: 'Agent#2026' });
    const copy = () => {
      let prevented = false;
      ours.emit('before-input-event', { preventDefault: () => (prevented = true) }, { type: 'keyDown', key: 'c', code: 'KeyC', control: true, meta: false, shift: false, alt: false });
      return prevented;
    };
    const report = (event: InvokeEvent, payload: unknown) => w.ipcMain.handlers.get(INPUT_AREA_CHANNEL)!(event as never, payload);
    expect(copy()).toBe(true); // nothing reported yet: fail closed
    await report(from, { area: 'editable', selectionProtected: false, article: null });
    expect(copy()).toBe(false);
    await report(from, { area: 'protected', selectionProtected: true, article: { articleId: 7, version: 2 } });
    expect(copy()).toBe(true);
    // A stranger cannot move our window into a field.
    const stranger = new FakeWebContents('app://desk/index.html');
    await report({ sender: stranger, senderFrame: stranger.mainFrame }, { area: 'editable', selectionProtected: false, article: null });
    await report({ sender: ours, senderFrame: null }, { area: 'editable', selectionProtected: false, article: null });
    expect(copy()).toBe(true);
  });

  it('registers the window for IPC before its page loads', async () => {
    const w = await world();
    const during: Array<Promise<{ ok: boolean }>> = [];
    w.deps.BrowserWindow = class extends FakeBrowserWindow {
      override async loadURL(url: string): Promise<void> {
        during.push(invoke(w, 'session.info', { sender: this.webContents, senderFrame: this.webContents.mainFrame }));
        return super.loadURL(url);
      }
    };
    await start(w);
    expect(await during[0]).toMatchObject({ ok: true });
  });

  it('guards requests on the default, desk and later sessions with the profile allowlist', async () => {
    const w = await world();
    await start(w);
    const api = `${boot.institution.server.url}/api/v1/health`;
    for (const session of [w.defaultSession, w.deskSession]) {
      expect(session.request('app://desk/index.html')).toEqual({});
      expect(session.request(api)).toEqual({});
      expect(session.request('https://evil.example/exfil')).toEqual({ cancel: true });
    }
    const later = new FakeSession('later');
    w.app.emit('session-created', later);
    expect(later.request('https://evil.example/')).toEqual({ cancel: true });
    expect(later.permissionCheck).toBeDefined();
    expect(later.verifyProc).toBeDefined();
    expect(later.spellCheckerEnabled).toBe(false);
  });

  it('pins the institution\'s real TLS key and accepts its private CA only for pinned hosts', async () => {
    const w = await world();
    await start(w);
    const proc = w.deskSession.verifyProc as unknown as (r: object, cb: (n: number) => void) => void;
    const results: number[] = [];
    const chain = { data: leafPem, issuerCert: { data: caPem } };
    proc({ hostname: '127.0.0.1', certificate: chain, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', errorCode: -202 }, (n) => results.push(n));
    proc({ hostname: 'evil.example', certificate: chain, verificationResult: 'net::OK', errorCode: 0 }, (n) => results.push(n));
    expect(results).toEqual([0, -2]);
  });

  it('closes core when the app quits, then lets it quit', async () => {
    const w = await world();
    await start(w);
    w.app.quit();
    expect(w.app.quitCompleted).toBe(false);
    await expect.poll(() => w.app.quitCompleted, { timeout: 10_000 }).toBe(true);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const w = await world();
    const { window } = await start(w);
    const fake = window as FakeBrowserWindow;
    fake.minimized = true;
    w.app.emit('second-instance');
    expect(fake.minimized).toBe(false);
    expect(fake.focused).toBe(1);
  });

  it('quits at once, before Chromium is ready, when another instance holds the lock', async () => {
    const w = await world();
    w.app.lockAvailable = false;
    expect(await run(w)).toBeUndefined();
    expect(w.calls).toEqual([
      'process.on:uncaughtException',
      'process.on:unhandledRejection',
      'app.getPath:userData',
      'app.enableSandbox',
      'app.requestSingleInstanceLock',
      'app.quit',
    ]);
  });

  it('refuses to start a packaged build with a remote-debugging switch', async () => {
    const w = await world({ packaged: true, config: { workstationId: 'WS-1', profilePath: 'profile.json' } });
    w.app.switches = ['remote-debugging-port'];
    expect(await run(w)).toBeUndefined();
    expect(w.app.exitCode).toBe(1);
    expect(w.errors[0]).toContain('forbidden_switch:remote-debugging-port');
    expectSentences(w.errors[0], 'forbidden_switch');
    expect(w.calls).not.toContain('app.enableSandbox');
  });

  it('refuses to start a packaged build with TLS key logging in the environment', async () => {
    const w = await world({ packaged: true, config: { workstationId: 'WS-1', profilePath: 'profile.json' } });
    w.options.env = { SSLKEYLOGFILE: '/tmp/keys.log' };
    expect(await run(w)).toBeUndefined();
    expect(w.app.exitCode).toBe(1);
    expect(w.errors[0]).toContain('forbidden_switch:env:SSLKEYLOGFILE');
    expect(w.calls).not.toContain('app.enableSandbox');
  });

  it('refuses a tampered site profile: no IPC, no protocol, no window', async () => {
    const genuine = (await boot.institution.call('GET', '/site-profile')).body as { profile: { api: { baseUrls: string[] } } };
    const tampered = structuredClone(genuine);
    tampered.profile.api.baseUrls = ['https://evil.example'];
    const w = await world({ signedProfile: tampered });
    expect(await run(w)).toBeUndefined();
    expect(w.app.exitCode).toBe(1);
    expect(w.errors[0]).toContain('core: bad-signature');
    expectSentences(w.errors[0], 'bad-signature');
    expect(w.calls.some((c) => c.startsWith('ipcMain.handle'))).toBe(false);
    expect(w.calls).not.toContain('new BrowserWindow');
  });

  it('refuses to start without an OS key store', async () => {
    const w = await world();
    w.safeStorage.available = false;
    expect(await run(w)).toBeUndefined();
    expect(w.errors[0]).toContain('core: keystore_unavailable');
    expectSentences(w.errors[0], 'keystore_unavailable');
    expect(w.calls).not.toContain('core.createDeskCore');
  });

  it('reports a renderer that cannot be loaded and exits', async () => {
    const w = await world();
    w.deps.BrowserWindow = class extends FakeBrowserWindow {
      override async loadURL(): Promise<void> {
        throw new Error('ERR_FILE_NOT_FOUND');
      }
    };
    expect(await run(w)).toBeUndefined();
    expect(w.app.exitCode).toBe(1);
    expect(w.errors[0]).toContain('window: Error');
    expectSentences(w.errors[0], 'window_failed');
  });

  it('reports a missing workstation config before touching Chromium', async () => {
    const w = await world();
    w.options = { ...w.options, argv: ['electron', 'main.cjs', '--config', '/nonexistent/ws.json'] };
    expect(await run(w)).toBeUndefined();
    expect(w.errors[0]).toContain('config: config_missing');
    expectSentences(w.errors[0], 'config_missing');
    expect(w.calls).not.toContain('app.enableSandbox');
  });
});
