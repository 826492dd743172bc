import { EventEmitter } from 'node:events';

/**
 * What every Electron stand-in records with: a shared, ordered log of calls (for tests
 * where the order matters), a cancellable event as Electron hands its listeners, and an
 * emitter that logs each listener installed on it.
 */
export type CallLog = string[];

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
