import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { CallLog } from './fake-call-log.ts';

/** Electron's BrowserWindow and its webContents (and main frame), recording what main did to them. */
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
