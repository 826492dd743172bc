import type { FaultEvent } from '../core/audit/security-recorder.ts';

/**
 * Faults of the main process itself. An uncaught exception or unhandled rejection is
 * logged and audited by its error TYPE only: a message or stack can quote a URL, a customer
 * name typed into a form, or a token, and neither the log file nor the institution's trail
 * may carry that. Handling `uncaughtException` also replaces Electron's default, a dialog
 * that shows the message and stack on screen.
 *
 * Faults can happen before core exists (start-up), so the sink keeps the first few and
 * hands them to core once it is attached.
 */
export interface FaultProcessPort {
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface FaultRecorderPort {
  recordFault(event: FaultEvent): void;
}

export interface FaultSink {
  record(event: FaultEvent): void;
  /** From now on faults go to core; the ones kept before are delivered first. */
  attach(recorder: FaultRecorderPort): void;
}

/** Faults kept before core exists; more would only repeat the first ones. */
export const EARLY_FAULT_LIMIT = 20;

const TOKEN = /^[A-Za-z0-9_.:-]{1,48}$/;

/**
 * `TypeError`, `OutboxError:closed`, `Error:ECONNRESET`: the class name plus a short code
 * when the error carries one. Never the message. Non-errors are named by their JS type.
 */
export function errorType(error: unknown): string {
  if (!(error instanceof Error)) return error === null ? 'null' : typeof error;
  const name = TOKEN.test(error.name) ? error.name : 'Error';
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === 'string' && TOKEN.test(code) ? `${name}:${code}` : name;
}

export function createFaultSink(log: (line: string) => void): FaultSink {
  let recorder: FaultRecorderPort | undefined;
  const early: FaultEvent[] = [];
  return {
    record(event) {
      log(`channeldesk: fault ${event.kind} ${event.detail}`);
      if (!recorder) {
        if (early.length < EARLY_FAULT_LIMIT) early.push(event);
        return;
      }
      try {
        recorder.recordFault(event);
      } catch (error) {
        // Throwing from an uncaughtException handler would kill the process unrecorded.
        log(`channeldesk: fault not audited: ${errorType(error)}`);
      }
    },
    attach(r) {
      recorder = r;
      for (const event of early.splice(0)) r.recordFault(event);
    },
  };
}

export function installProcessFaultHandlers(proc: FaultProcessPort, sink: FaultSink): void {
  proc.on('uncaughtException', (error) => sink.record({ kind: 'uncaught-exception', detail: errorType(error) }));
  proc.on('unhandledRejection', (reason) => sink.record({ kind: 'unhandled-rejection', detail: errorType(reason) }));
}
