import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './origin.ts';

/**
 * In-memory session (no `persist:` prefix): cache, cookies, localStorage, IndexedDB and
 * service workers live in RAM and vanish when the app quits. The desk keeps no business
 * data at rest (REQUIREMENTS "channel, not a business processor"); the only disk state is
 * core's outbox store. Settings that must survive a restart (the UI language) go through
 * `desk.settings`, which core keeps in that store.
 */
export const DESK_PARTITION = 'desk';

export interface DeskWindow {
  setContentProtection(enable: boolean): void;
  on(event: 'show', listener: () => void): unknown;
  on(event: 'restore', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

export interface DeskWindowOptions {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** DevTools only in an unpackaged developer run; never in a shipped build. */
  devTools: boolean;
}

export interface OpenHooks<W> {
  /** Runs after the window exists and before its page loads (register its webContents for IPC here). */
  beforeLoad?(window: W): void;
}

/**
 * The one place a window is made. The options are written as a literal inside the
 * `new BrowserWindow(...)` call on purpose: it is the only call site (a test counts them),
 * nothing else can share or mutate the object, and Electronegativity reads the literal and
 * verifies each flag. Every flag is set explicitly, even where it is Electron's default, so
 * a change of default cannot silently weaken us.
 */
export async function openDeskWindow<W extends DeskWindow>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  options: DeskWindowOptions,
  hooks: OpenHooks<W> = {},
): Promise<W> {
  const window = new BrowserWindow({
    show: false,
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'ChannelDesk',
    backgroundColor: '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      // The UI draws its own modals; native alert/confirm/prompt could be used to spoof them.
      safeDialogs: true,
      disableDialogs: true,
      // The ringtone may play once the agent has interacted (logged in) — never before.
      autoplayPolicy: 'document-user-activation-required',
      // Attack surface the UI does not use.
      webgl: false,
      plugins: false,
      enableWebSQL: false,
      // document.execCommand('paste') would let page script read the clipboard.
      enableDeprecatedPaste: false,
      // A softphone must keep SIP keep-alives and timers running while minimized.
      backgroundThrottling: false,
      devTools: options.devTools,
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      partition: DESK_PARTITION,
    },
  });
  applyContentProtection(window);
  window.once('ready-to-show', () => window.show());
  hooks.beforeLoad?.(window);
  await window.loadURL(APP_ENTRY_URL);
  return window;
}

/**
 * Excludes the window from screen capture (Windows 10 2004+ WDA_EXCLUDEFROMCAPTURE, macOS
 * NSWindowSharingNone; no effect on Linux). Re-applied on show and restore because some
 * Windows builds drop the display affinity when a window is hidden or minimized.
 */
function applyContentProtection(window: DeskWindow): void {
  window.setContentProtection(true);
  window.on('show', () => window.setContentProtection(true));
  window.on('restore', () => window.setContentProtection(true));
}
