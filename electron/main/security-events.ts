import { redactUrl } from './origin.ts';

/**
 * Every refusal the main process makes is reported as one of these and lands in the
 * workstation audit chain (core.recordBlocked), so the institution can see attempts, not
 * only outcomes. The URL is redacted here, once, so no guard can forget to.
 */
export type SecurityEventKind =
  | 'navigation-denied'
  | 'redirect-denied'
  | 'frame-navigation-denied'
  | 'window-open-denied'
  | 'webview-denied'
  | 'permission-denied'
  | 'device-permission-denied'
  | 'display-capture-denied'
  | 'download-denied'
  | 'certificate-rejected'
  | 'ipc-forbidden-sender'
  | 'input-blocked';

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** Where it happened; redacted before it is recorded. */
  url: string;
  /** A short machine-readable reason (a rule or permission name); never user data. */
  detail: string;
}

export type SecurityAudit = (event: SecurityEvent) => void;

export interface BlockedRecorder {
  recordBlocked(url: string, reason: string): void;
}

/** Routes security events into the core's audit chain as `recordBlocked(url, "<kind>:<detail>")`. */
export function auditInto(recorder: BlockedRecorder): SecurityAudit {
  return (event) => recorder.recordBlocked(redactUrl(event.url), `${event.kind}:${event.detail}`);
}
