import { CallLoggingEmitter, type CallLog } from './fake-electron.ts';

/**
 * Stand-ins for the OS-level event sources main listens to: Electron's powerMonitor and
 * Node's `process`. Tests never install handlers on the real `process` (a stray
 * uncaughtException handler would swallow the test runner's own failures). Test-only.
 */
export class FakePowerMonitor extends CallLoggingEmitter {
  /** What getSystemIdleTime answers: the test sets it (seconds without input at the OS). */
  systemIdleSeconds = 0;
  constructor(calls: CallLog = []) {
    super('powerMonitor', calls);
  }
  getSystemIdleTime(): number {
    return this.systemIdleSeconds;
  }
}

export class FakeProcess extends CallLoggingEmitter {
  constructor(calls: CallLog = []) {
    super('process', calls);
  }
}
