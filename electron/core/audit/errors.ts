/** Typed failures of the audit chain; messages never echo event data values. */
export type AuditErrorCode = 'bad-event' | 'sensitive-data' | 'workstation-mismatch' | 'bad-key';

export class AuditError extends Error {
  readonly code: AuditErrorCode;
  constructor(code: AuditErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'AuditError';
    this.code = code;
  }
}
