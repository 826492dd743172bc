import { EventEmitter } from 'node:events';
import type { CallLog } from './fake-electron.ts';

/**
 * Stand-ins for the OS-level event sources main listens to: Electron's powerMonitor and
 * Node's `process`. Tests never install handlers on the real `process` (a stray
 * uncaughtException handler would swallow the test runner's own failures). Test-only.
 */
export class FakePowerMonitor extends EventEmitter {
  readonly calls: CallLog;
  constructor(calls: CallLog = []) {
    super();
    this.calls = calls;
  }
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    this.calls.push(`powerMonitor.on:${String(event)}`);
    return super.on(event, listener as (...args: unknown[]) => void);
  }
}

export class FakeProcess extends EventEmitter {
  readonly calls: CallLog;
  constructor(calls: CallLog = []) {
    super();
    this.calls = calls;
  }
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    this.calls.push(`process.on:${String(event)}`);
    return super.on(event, listener as (...args: unknown[]) => void);
  }
}
