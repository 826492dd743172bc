import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Small stand-ins for Electron's own objects (the binary cannot run here). They are the
 * only fakes in the project; each records what the code under test did to it, into one
 * shared `calls` log when the order matters. Test-only, never bundled.
 */
export type CallLog = string[];

export class FakeFrame {
  url: string;
  constructor(url: string) {
    this.url = url;
  }
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  webRtcIpHandlingPolicy: string | undefined;
  private destroyed = false;
  constructor(url = 'app://desk/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  setWebRTCIPHandlingPolicy(policy: string): void {
    this.webRtcIpHandlingPolicy = policy;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  /** A reload after the renderer died: logged into the window's call log, for ordering. */
  async loadURL(url: string): Promise<void> {
    FakeBrowserWindow.calls?.push(`contents.loadURL:${url}`);
    this.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** A cancellable Electron event as handed to listeners. */
export function fakeEvent<T extends object>(fields: T): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

type ProtocolHandler = (request: Request) => Promise<Response>;
type BeforeRequest = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession extends EventEmitter {
  readonly label: string;
  readonly calls: CallLog;
  beforeRequest: BeforeRequest | undefined;
  permissionRequest: ((...args: never[]) => void) | undefined;
  permissionCheck: ((...args: never[]) => boolean) | undefined;
  devicePermission: ((details: { deviceType: string; origin: string }) => boolean) | undefined;
  displayMedia: ((request: { securityOrigin: string }, callback: (streams: null) => void) => void) | undefined;
  verifyProc: ((request: never, callback: (result: number) => void) => void) | undefined;
  spellCheckerEnabled = true;
  dictionaryUrl: string | undefined;
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly webRequest: { onBeforeRequest(listener: BeforeRequest): void };
  readonly protocol: { handle(scheme: string, handler: ProtocolHandler): void };

  constructor(label: string, calls: CallLog = []) {
    super();
    this.label = label;
    this.calls = calls;
    this.webRequest = {
      onBeforeRequest: (listener) => {
        this.calls.push(`${label}.webRequest.onBeforeRequest`);
        this.beforeRequest = listener;
      },
    };
    this.protocol = {
      handle: (scheme, handler) => {
        this.calls.push(`${label}.protocol.handle:${scheme}`);
        this.protocolHandlers.set(scheme, handler);
      },
    };
  }
  setPermissionRequestHandler(handler: (...args: never[]) => void): void {
    this.calls.push(`${this.label}.setPermissionRequestHandler`);
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: (...args: never[]) => boolean): void {
    this.calls.push(`${this.label}.setPermissionCheckHandler`);
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: (details: { deviceType: string; origin: string }) => boolean): void {
    this.calls.push(`${this.label}.setDevicePermissionHandler`);
    this.devicePermission = handler;
  }
  setDisplayMediaRequestHandler(handler: (request: { securityOrigin: string }, callback: (streams: null) => void) => void): void {
    this.calls.push(`${this.label}.setDisplayMediaRequestHandler`);
    this.displayMedia = handler;
  }
  setCertificateVerifyProc(proc: (request: never, callback: (result: number) => void) => void): void {
    this.calls.push(`${this.label}.setCertificateVerifyProc`);
    this.verifyProc = proc;
  }
  setSpellCheckerEnabled(enable: boolean): void {
    this.calls.push(`${this.label}.setSpellCheckerEnabled:${enable}`);
    this.spellCheckerEnabled = enable;
  }
  setSpellCheckerDictionaryDownloadURL(url: string): void {
    this.dictionaryUrl = url;
  }
  /** Runs the installed onBeforeRequest listener the way Chromium would. */
  request(url: string): { cancel?: boolean } {
    let response: { cancel?: boolean } | undefined;
    if (!this.beforeRequest) throw new Error(`${this.label}: no onBeforeRequest listener`);
    this.beforeRequest({ url }, (r) => (response = r));
    if (!response) throw new Error(`${this.label}: listener did not call back`);
    return response;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  static calls: CallLog | undefined;
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents: FakeWebContents;
  readonly contentProtection: boolean[] = [];
  readonly loaded: string[] = [];
  shown = 0;
  minimized = false;
  focused = 0;
  /** What the webContents' registration looked like when loadURL ran. */
  onLoad: ((url: string) => void) | undefined;
  constructor(options: BrowserWindowConstructorOptions) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    FakeBrowserWindow.created.push(this);
    FakeBrowserWindow.calls?.push('new BrowserWindow');
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection.push(enable);
  }
  show(): void {
    this.shown += 1;
    this.emit('show');
  }
  async loadURL(url: string): Promise<void> {
    FakeBrowserWindow.calls?.push(`window.loadURL:${url}`);
    this.onLoad?.(url);
    this.loaded.push(url);
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
    this.emit('restore');
  }
  focus(): void {
    this.focused += 1;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: never, ...args: unknown[]) => Promise<unknown>>();
  readonly calls: CallLog;
  constructor(calls: CallLog = []) {
    this.calls = calls;
  }
  handle(channel: string, listener: (event: never, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.calls.push(`ipcMain.handle:${channel}`);
    this.handlers.set(channel, listener);
  }
}

/**
 * safeStorage with real encryption (AES-256-GCM under a per-instance key), so a wrapped
 * key really does not contain the plain key and a foreign blob really fails to unwrap.
 */
export class FakeSafeStorage {
  private readonly key = randomBytes(32);
  readonly calls: CallLog;
  available = true;
  backend = 'gnome_libsecret';
  constructor(calls: CallLog = []) {
    this.calls = calls;
  }
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('safeStorage.isAsyncEncryptionAvailable');
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    const result = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: false };
  }
}

/** An event source that records each listener installed on it as `<source>.on:<event>`. */
export class CallLoggingEmitter extends EventEmitter {
  readonly calls: CallLog;
  private readonly source: string;
  constructor(source: string, calls: CallLog = []) {
    super();
    this.source = source;
    this.calls = calls;
  }
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    this.calls.push(`${this.source}.on:${String(event)}`);
    return super.on(event, listener as (...args: unknown[]) => void);
  }
}

/** `app`: records every call; quit() runs the will-quit listeners the way Electron does. */
export class FakeApp extends CallLoggingEmitter {
  readonly userDataDir: string;
  isPackaged = false;
  switches: string[] = [];
  lockAvailable = true;
  quitCompleted = false;
  /** Like Electron: false until Chromium finished initializing, on a later turn of the event loop. */
  isReady = false;
  private readyPromise: Promise<void> | undefined;
  exitCode: number | undefined;
  readonly commandLine = { hasSwitch: (name: string) => this.switches.includes(name) };
  constructor(userDataDir: string, calls: CallLog = []) {
    super('app', calls);
    this.userDataDir = userDataDir;
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  getPath(name: string): string {
    this.calls.push(`app.getPath:${name}`);
    return this.userDataDir;
  }
  /** Starts "Chromium initialization": ready arrives on a later event-loop turn, as in Electron. */
  beginInitialization(): void {
    this.readyPromise = new Promise((resolve) =>
      setImmediate(() => {
        this.isReady = true;
        resolve();
      }),
    );
  }
  /** Electron throws for before-ready APIs called after ready; so does the fake. */
  assertNotReady(api: string): void {
    if (this.isReady) throw new Error(`${api} can only be called before app is ready`);
  }
  enableSandbox(): void {
    this.assertNotReady('app.enableSandbox()');
    this.calls.push('app.enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('app.requestSingleInstanceLock');
    return this.lockAvailable;
  }
  async whenReady(): Promise<void> {
    this.calls.push('app.whenReady');
    await this.readyPromise;
    this.isReady = true;
  }
  configureHostResolver(options: object): void {
    if (!this.isReady) throw new Error('configureHostResolver must be called after ready');
    this.calls.push(`app.configureHostResolver:${JSON.stringify(options)}`);
  }
  quit(): void {
    this.calls.push('app.quit');
    const event = fakeEvent({});
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.quitCompleted = true;
  }
  exit(exitCode = 0): void {
    this.calls.push(`app.exit:${exitCode}`);
    this.exitCode = exitCode;
  }
}

/** Electron's Notification, as `notify.*` uses it: every one constructed is kept, with what it did. */
export class FakeNotification extends EventEmitter {
  static created: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly options: { title: string; body: string; silent: boolean; urgency: string; timeoutType: string };
  shown = 0;
  closed = 0;
  constructor(options: { title: string; body: string; silent: boolean; urgency: 'critical'; timeoutType: 'never' }) {
    super();
    this.options = options;
    FakeNotification.created.push(this);
  }
  show(): void {
    this.shown += 1;
  }
  close(): void {
    this.closed += 1;
    this.emit('close');
  }
  /** The operator clicks it. */
  click(): void {
    this.emit('click');
  }
}
