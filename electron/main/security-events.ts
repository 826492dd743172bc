import type { SecurityEvent } from '../core/audit/security-recorder.ts';
import { redactUrl } from './origin.ts';

/**
 * Every refusal main makes is reported as a SecurityEvent (its kinds are core's list,
 * electron/core/audit/security-recorder.ts) and lands in the workstation audit chain under
 * its own type, so the institution sees attempts, not only outcomes. The URL is redacted
 * here, once, so no guard can forget to; core keeps only its origin anyway.
 */
export type { SecurityEvent, SecurityEventKind } from '../core/audit/security-recorder.ts';

export type SecurityAudit = (event: SecurityEvent) => void;

export interface SecurityRecorderPort {
  recordSecurity(event: SecurityEvent): void;
}

export function auditInto(recorder: SecurityRecorderPort): SecurityAudit {
  return (event) => recorder.recordSecurity({ ...event, url: redactUrl(event.url) });
}
