import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createDeskCore } from '../../core/desk-core.ts';
import type { TestInstitution } from '../../core/desk-core.harness.ts';
import { useTestInstitution } from '../../core/desk-core.hooks.ts';
import { spkiPin } from '../../core/net/spki.ts';
import { rendererCsp } from '../../core/security/csp.ts';
import { bootstrap, type BootstrapOptions, type StartedDesk } from '../bootstrap.ts';
import type { ElectronDeps } from '../electron-deps.ts';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeNotification, FakeSafeStorage, FakeSession, type CallLog } from './fake-electron.ts';
import { FakePowerMonitor, FakeProcess } from './fake-system.ts';

/**
 * A provisioned workstation for main's start-up, with every Electron object faked and
 * everything else real (the institution, the signed profile, core, SQLite). Shared by the
 * bootstrap tests and the main/test-host parity test, so both start main the same way.
 */
export interface BootWorldContext {
  institution: TestInstitution;
  caPem: string;
  cleanups: Array<() => void | Promise<void>>;
}

export interface World {
  workstationId: string;
  calls: CallLog;
  app: FakeApp;
  defaultSession: FakeSession;
  deskSession: FakeSession;
  ipcMain: FakeIpcMain;
  safeStorage: FakeSafeStorage;
  powerMonitor: FakePowerMonitor;
  process: FakeProcess;
  errors: string[];
  /** Lines main logged (start-up failures, faults). */
  logs: string[];
  deps: ElectronDeps;
  options: BootstrapOptions;
  /** What main passed to createDeskCore (set once it did). */
  core: { options?: Parameters<typeof createDeskCore>[0] };
}

let worlds = 0;

/** World options beyond the institution: a profile and keys of the test's own, a config, a packaged build. */
export interface WorldOptions {
  signedProfile?: unknown;
  trustedKeys?: Record<string, string>;
  config?: object;
  packaged?: boolean;
}


/** A provisioned workstation: registered with the institution, its enrollment code in workstation.json. */
export async function world(
  ctx: BootWorldContext,
  opts: WorldOptions = {},
): Promise<World> {
  const { institution, caPem, cleanups } = ctx;
  const workstationId = `WS-BOOT-${(worlds += 1)}`;
  const enrollmentCode = opts.config === undefined ? await institution.register(workstationId) : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'desk-bootstrap-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const userData = path.join(dir, 'userData');
  const renderer = path.join(dir, 'renderer');
  mkdirSync(userData, { recursive: true });
  mkdirSync(renderer, { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>ChannelDesk</title>');
  const profile = opts.signedProfile ?? (await institution.call('GET', '/site-profile')).body;
  writeFileSync(path.join(userData, 'profile.json'), JSON.stringify(profile));
  writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(opts.trustedKeys ?? { [institution.server.profileKeyId]: institution.server.profilePublicKeyPem }));
  writeFileSync(path.join(userData, 'ca.pem'), caPem);
  writeFileSync(
    path.join(userData, 'workstation.json'),
    JSON.stringify(opts.config ?? { workstationId, enrollmentCode, profilePath: 'profile.json', trustedKeysPath: '../keys.json', caPath: 'ca.pem' }),
  );

  const calls: CallLog = [];
  const app = new FakeApp(userData, calls);
  app.isPackaged = opts.packaged ?? false;
  const defaultSession = new FakeSession('default', calls);
  const deskSession = new FakeSession('desk', calls);
  const ipcMain = new FakeIpcMain(calls);
  const safeStorage = new FakeSafeStorage(calls);
  const seenCore: World['core'] = {};
  const powerMonitor = new FakePowerMonitor(calls);
  const fakeProcess = new FakeProcess(calls);
  const errors: string[] = [];
  const logs: string[] = [];
  FakeBrowserWindow.calls = calls;
  const deps: ElectronDeps = {
    app,
    protocol: {
      registerSchemesAsPrivileged: (schemes) => {
        app.assertNotReady('protocol.registerSchemesAsPrivileged()');
        calls.push(`protocol.registerSchemesAsPrivileged:${JSON.stringify(schemes)}`);
      },
    },
    session: {
      defaultSession,
      fromPartition: (partition) => {
        calls.push(`session.fromPartition:${partition}`);
        return deskSession;
      },
    },
    ipcMain,
    BrowserWindow: FakeBrowserWindow,
    safeStorage,
    Menu: { buildFromTemplate: (t) => t, setApplicationMenu: (m) => calls.push(`Menu.setApplicationMenu:${m === null ? 'null' : 'mac'}`) },
    dialog: { showErrorBox: (_title, content) => errors.push(content) },
    powerMonitor,
    Notification: FakeNotification,
    clipboard: { writeText: (text, type) => calls.push(`clipboard.writeText:${type ?? 'clipboard'}:${text}`) },
  };
  const options: BootstrapOptions = {
    argv: ['electron', 'dist/electron/main.cjs'],
    env: {},
    platform: 'linux',
    rendererDir: renderer,
    preloadPath: path.join(dir, 'preload.cjs'),
    bundledKeysPath: path.join(dir, 'bundled-keys.json'),
    versions: { node: '24.0.0', electron: '45.5.0', chrome: '142.0.0.0' },
    log: (line) => logs.push(line),
    process: fakeProcess,
    core: {
      createDeskCore: async (o) => {
        calls.push('core.createDeskCore');
        seenCore.options = o;
        const core = await createDeskCore({ ...o, deliveryBackoff: { initialMs: 200, maxMs: 1_000 }, log: () => undefined });
        cleanups.push(() => core.close());
        // The real core, with the calls whose order matters to main's fault handling logged.
        return {
          ...core,
          lockNow: (cause) => {
            calls.push(`core.lockNow:${cause}`);
            core.lockNow(cause);
          },
          recordFault: (event) => {
            calls.push(`core.recordFault:${event.kind}:${event.detail}`);
            core.recordFault(event);
          },
        };
      },
      rendererCsp,
      spkiPin,
    },
  };
  return { workstationId, calls, app, defaultSession, deskSession, ipcMain, safeStorage, powerMonitor, process: fakeProcess, errors, logs, deps, options, core: seenCore };
}

/** Like Electron: Chromium starts initializing as the main script starts; ready comes on a later turn. */
export function run(w: World): Promise<StartedDesk | undefined> {
  w.app.beginInitialization();
  return bootstrap(w.deps, w.options);
}


export interface BootWorld {
  /** The institution this file's worlds enroll with (started in beforeAll). */
  readonly institution: TestInstitution;
  /** Run after each test, last first: worlds, cores and whatever the test adds. */
  readonly cleanups: Array<() => void | Promise<void>>;
  /** A provisioned workstation of this institution, trusting its CA; cleaned up after the test. */
  world(opts?: WorldOptions): Promise<World>;
}

/**
 * Registers a test file's boot-world hooks: one institution for the file (beforeAll, closed
 * in afterAll), and after each test its cleanups run, then FakeBrowserWindow's statics are
 * reset. A file's own beforeAll registered after this call sees the institution.
 */
export function useBootWorld(institutionOptions?: Parameters<typeof useTestInstitution>[0]): BootWorld {
  // Registered first, so it runs last: vitest runs after-hooks in reverse (sequence.hooks 'stack').
  afterEach(() => {
    FakeBrowserWindow.created = [];
    FakeBrowserWindow.calls = undefined;
  });
  const env = useTestInstitution(institutionOptions);
  return {
    get institution() {
      return env.institution;
    },
    cleanups: env.cleanups,
    world: (opts) => world({ institution: env.institution, caPem: env.institution.server.caCertPem, cleanups: env.cleanups }, opts),
  };
}
