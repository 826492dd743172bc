import { CallLoggingEmitter, fakeEvent, type CallLog } from './fake-call-log.ts';

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
