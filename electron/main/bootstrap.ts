import { installApplicationMenu } from './app-menu.ts';
import { registerAppProtocol } from './app-protocol.ts';
import { installCertificatePins, pinsByHost } from './certificate-pins.ts';
import { forbiddenLaunchSettings } from './command-line-policy.ts';
import { forgetEnrollmentCode, loadWorkstationConfig, parseCommandLine, type WorkstationConfig } from './config.ts';
import type { CoreModules, DeskBrowserWindow, DeskContents, DeskCorePort, DeskSession, ElectronDeps } from './electron-deps.ts';
import { guardPlatform } from './input-guard.ts';
import type { UpdateInstaller } from '../core/updates/updater.ts';
import { loadUpdateKeys } from './update-keys.ts';
import { createInputAreaTracker, registerInputAreaChannel } from './input-area.ts';
import { followClipboardPolicy } from './clipboard-rules.ts';
import { registerPrimarySelectionGuard } from './primary-selection.ts';
import { forwardCoreEvents } from './bridge/event-fanout.ts';
import { registerIpcHandlers } from './bridge/ipc-main.ts';
import { createMainHandlers } from './handlers/main-handlers.ts';
import { createSafeStorageKeyProvider } from './key-provider.ts';
import { guardSessionRequests } from './network-guard.ts';
import { APP_ORIGIN, APP_SCHEME } from './origin.ts';
import { installPermissionHandlers } from './permissions.ts';
import { lockOnPowerEvents } from './power-events.ts';
import { createFaultSink, errorType, installProcessFaultHandlers, type FaultProcessPort, type FaultSink } from './process-faults.ts';
import { recoverFromProcessLoss } from './renderer-recovery.ts';
import { auditInto, type SecurityAudit } from './security-events.ts';
import { hardenSessionBasics } from './session-hardening.ts';
import { STARTUP_FAILURE_TITLE, startupFailureText, type StartupStage } from './startup-failures.ts';
import { installWebContentsHardening } from './web-contents-hardening.ts';
import { DESK_PARTITION, openDeskWindow } from './window-factory.ts';
import { createWebContentsRegistry } from './window-registry.ts';

/**
 * The one ordered start-up sequence (after mattermost/desktop's initialize.ts). Order is
 * the security property: everything that must hold before a page exists is in place before
 * the window is made, and the before-ready steps run before Chromium is initialized.
 *
 *   fault handlers → args → config → [before ready] sandbox, single-instance lock,
 *   privileged app:// scheme → ready → resolver (no DoH), menu → key store → core
 *   → power events → web-contents hook, renderer/child loss → IPC → app:// protocol
 *   → webRequest allowlist → permissions → certificate pins → window
 *
 * Every failure, expected or not, ends in the same place: a dialog with a sentence for IT
 * (startup-failures.ts) and exit code 1. Nothing rejects out of `bootstrap` unless the
 * dialog itself throws.
 */
export interface BootstrapOptions {
  argv: readonly string[];
  /** process.env: some Chromium settings (e.g. SSLKEYLOGFILE) come from the environment. */
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  /** dist/renderer */
  rendererDir: string;
  /** dist/electron/preload.cjs */
  preloadPath: string;
  /** resources/keys/profile-keys.json inside the app bundle. */
  bundledKeysPath: string;
  /** process.versions (Electron's, Chromium's and Node's), for `system.versions`. */
  versions: Readonly<Record<string, string | undefined>>;
  /** Node's `process` (uncaught exceptions, unhandled rejections); a fake in tests. */
  process: FaultProcessPort;
  core: CoreModules;
  now?: () => Date;
  /** Where start-up failures are written (codes only, never file contents). */
  log?: (line: string) => void;
  readFile?: (file: string) => string;
  /**
   * Signed updates: the pinned update keys (resources/keys/update-keys.json in the bundle) and
   * main's installer (handlers/updater.ts). A missing or unreadable keys file leaves the
   * updater disabled; it never stops the desk from starting.
   */
  updates?: { keysPath: string; installer: UpdateInstaller };
}

export interface StartedDesk {
  window: DeskBrowserWindow;
  core: DeskCorePort;
}

/** `standard` gives app:// real origins and relative URL resolution; `secure` makes it a secure context (getUserMedia, WebCrypto). */
export const APP_SCHEME_PRIVILEGES = Object.freeze({ standard: true, secure: true, supportFetchAPI: true });

/** A typed error's code, else its class name; never its message (it may quote file contents). */
function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? errorType(error) : 'unknown';
}

type Fail = (stage: StartupStage, error: unknown) => undefined;

export async function bootstrap(deps: ElectronDeps, options: BootstrapOptions): Promise<StartedDesk | undefined> {
  const log = options.log ?? ((line: string) => console.error(line));
  // First of all: a fault anywhere in start-up is recorded by type (and audited once core exists).
  const faults = createFaultSink(log);
  installProcessFaultHandlers(options.process, faults);
  const fail: Fail = (stage, error) => {
    const code = errorCode(error);
    log(`channeldesk: start-up failed at ${stage}: ${code}`);
    deps.dialog.showErrorBox(STARTUP_FAILURE_TITLE, startupFailureText(stage, code));
    deps.app.exit(1);
    return undefined;
  };
  try {
    return await startUp(deps, options, { faults, fail, log });
  } catch (error) {
    // A step that threw outside the stages below (an Electron API refusing a call) is
    // still shown and ends the run, instead of becoming an unhandled rejection.
    return fail('unexpected', error);
  }
}

async function startUp(
  deps: ElectronDeps,
  options: BootstrapOptions,
  { faults, fail, log }: { faults: FaultSink; fail: Fail; log: (line: string) => void },
): Promise<StartedDesk | undefined> {
  const { app } = deps;

  // 1. Arguments and environment. A shipped build refuses settings that open it to inspection.
  const commandLine = parseCommandLine(options.argv);
  const forbidden = forbiddenLaunchSettings(app.commandLine, options.env, app.isPackaged);
  if (forbidden.length > 0) return fail('command-line', { code: `forbidden_switch:${forbidden.join(',')}` });
  const devTools = !app.isPackaged && commandLine.dev;

  // 2. Workstation config (files only; nothing is trusted until core verifies the profile).
  // Everything up to `await app.whenReady()` is synchronous: an earlier await could let the
  // ready event overtake the before-ready steps, which Electron then rejects.
  let config: WorkstationConfig;
  try {
    config = loadWorkstationConfig({
      commandLine,
      userDataDir: app.getPath('userData'),
      bundledKeysPath: options.bundledKeysPath,
      packaged: app.isPackaged,
      ...(options.readFile ? { readFile: options.readFile } : {}),
    });
  } catch (error) {
    return fail('config', error);
  }

  // 3. Before ready.
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    // Another desk is running for this user: it gets focus, we leave.
    app.quit();
    return undefined;
  }
  let window: DeskBrowserWindow | undefined;
  app.on('second-instance', () => bringToFront(window));
  deps.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
  app.on('window-all-closed', () => app.quit());

  // 4. Ready.
  await app.whenReady();
  // System resolver only: no DNS-over-HTTPS to a provider the institution did not name, and
  // the OS / corporate DNS policy (hosts file, split DNS) stays in force.
  app.configureHostResolver({ secureDnsMode: 'off', enableBuiltInResolver: false });
  installApplicationMenu(deps.Menu, options.platform);

  let core: DeskCorePort;
  try {
    const keyProvider = await createSafeStorageKeyProvider(deps.safeStorage, {
      platform: options.platform,
      allowPlaintextKeyStore: !app.isPackaged && config.allowPlaintextKeyStore,
    });
    core = await options.core.createDeskCore({
      dataDir: config.dataDir,
      workstationId: config.workstationId,
      ...(config.enrollmentCode !== undefined ? { enrollmentCode: config.enrollmentCode } : {}),
      signedProfile: config.signedProfile,
      // The OS's idle time, so the idle lock does not rest on the renderer's heartbeats alone.
      osIdleSeconds: () => deps.powerMonitor.getSystemIdleTime(),
      trustedProfileKeys: config.trustedProfileKeys,
      ...(config.caPem !== undefined ? { caPem: config.caPem } : {}),
      ...(config.clientCertificate !== undefined ? { clientCertificate: config.clientCertificate } : {}),
      keyProvider,
      appOrigin: APP_ORIGIN,
      ...updaterOption(options, app.getVersion(), log),
      mainHandlers: createMainHandlers({
        appVersion: app.getVersion(),
        versions: options.versions,
        // The window exists later; a notification is clicked only once it does.
        notifications: { Notification: deps.Notification ?? null, focusWindow: () => bringToFront(window) },
      }),
    });
  } catch (error) {
    return fail('core', error);
  }
  // Core now holds IT's enrollment code encrypted: it need not stay in workstation.json.
  if (config.enrollmentCode !== undefined) forgetEnrollmentCode(config.configPath);
  faults.attach(core);
  // Sleep and the OS lock screen lock the session from now on (powerMonitor needs ready).
  lockOnPowerEvents(deps.powerMonitor, core);
  let closed = false;
  let quitting = false;
  app.on('will-quit', (event) => {
    quitting = true;
    if (closed) return;
    event.preventDefault();
    // will-quit cannot wait for a promise: it is cancelled here and quit is issued again
    // once core has closed, whether or not that went cleanly.
    void core
      .close()
      .catch((error: unknown) => log(`channeldesk: core did not close cleanly: ${errorType(error)}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  try {
    window = await startWindow(deps, options, core, config, { devTools, quitting: () => quitting, log });
  } catch (error) {
    // app.exit skips will-quit: close core here so the outbox is left consistent.
    await core.close().catch(() => undefined);
    return fail('window', error);
  }
  return { window, core };
}

/** Another desk start or a clicked notification: our window comes to the front, restored if minimised. */
function bringToFront(window: DeskBrowserWindow | undefined): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

async function startWindow(
  deps: ElectronDeps,
  options: BootstrapOptions,
  core: DeskCorePort,
  config: WorkstationConfig,
  run: { devTools: boolean; quitting: () => boolean; log: (line: string) => void },
): Promise<DeskBrowserWindow> {
  const { devTools } = run;
  const { app } = deps;
  const audit: SecurityAudit = auditInto(core);
  const registry = createWebContentsRegistry<DeskContents>();

  // Where the operator's input is (the preload's observer reports it); a key main blocks over a
  // protected article is audited through core's kb.report-blocked like the page's own reports.
  // Copy and paste in fields follow the institution's clipboard policy as the core has it.
  const clipboardRules = followClipboardPolicy(core);
  const inputAreas = createInputAreaTracker((attempt) => void core.dispatch('kb.report-blocked', attempt), clipboardRules.current);
  // Every webContents, ours or not, before any exists.
  installWebContentsHardening(app, { platform: guardPlatform(options.platform), audit, inputAreas });
  // Before the window exists: a renderer that dies during its first load is handled too.
  recoverFromProcessLoss(app, { core, isOwn: (c) => registry.has(c), quitting: run.quitting, log: run.log });

  registerIpcHandlers(deps.ipcMain, { dispatch: (c, p) => core.dispatch(c, p), isOwnContents: (c) => registry.has(c), audit });
  registerInputAreaChannel(deps.ipcMain, { tracker: inputAreas, isOwnContents: (c) => registry.has(c), audit });
  // Linux: text selected where copy-out is refused is taken back out of the selection clipboard.
  if (guardPlatform(options.platform) === 'linux') {
    registerPrimarySelectionGuard(deps.ipcMain, { clipboard: deps.clipboard, isOwnContents: (c) => registry.has(c), audit });
  }
  forwardCoreEvents({ subscribe: (e, l) => core.subscribe(e, l), targets: () => registry.list() });

  const deskSession = deps.session.fromPartition(DESK_PARTITION);
  registerAppProtocol(deskSession.protocol, {
    rootDir: options.rendererDir,
    contentSecurityPolicy: options.core.rendererCsp(core.profile),
  });

  const sessions: DeskSession[] = [deps.session.defaultSession, deskSession];
  const guard = (s: DeskSession) =>
    guardSessionRequests(s, { decide: (url) => core.allowlist.decide(url), audit, allowDevtoolsScheme: devTools });
  const permit = (s: DeskSession) => installPermissionHandlers(s, audit);
  const pin = (s: DeskSession) =>
    installCertificatePins(s, {
      pinsByHost: pinsByHost(core.profile),
      spkiPin: options.core.spkiPin,
      ...(config.caPem !== undefined ? { privateCaPem: config.caPem } : {}),
      now: options.now ?? (() => new Date()),
      audit,
    });
  const basics = (s: DeskSession) => hardenSessionBasics(s, audit);
  sessions.forEach(guard);
  sessions.forEach(permit);
  sessions.forEach(pin);
  sessions.forEach(basics);
  // Any session created later (e.g. by a future feature) gets the same treatment at birth.
  app.on('session-created', (s) => [guard, permit, pin, basics].forEach((apply) => apply(s)));

  // Registered before the page loads: its first IPC call comes during load.
  return openDeskWindow(deps.BrowserWindow, { preloadPath: options.preloadPath, devTools }, { beforeLoad: (w) => registry.add(w.webContents) });
}

/** The core's updater settings, or nothing (disabled) when the app carries no update keys. */
function updaterOption(options: BootstrapOptions, runningVersion: string, log: (line: string) => void) {
  if (options.updates === undefined) return {};
  const trustedKeys = loadUpdateKeys(options.updates.keysPath, options.readFile);
  if (trustedKeys === null) {
    log('channeldesk: no pinned update keys; signed updates are disabled');
    return {};
  }
  return { updates: { trustedKeys, runningVersion, installer: options.updates.installer } };
}
