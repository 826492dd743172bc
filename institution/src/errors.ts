import type { ApiErrorCode } from '../contract/api.ts';

const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  bad_request: 400,
  invalid_credentials: 401,
  totp_required: 401,
  totp_invalid: 401,
  account_locked: 423,
  account_disabled: 403,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  workstation_not_enrolled: 403,
  workstation_proof_required: 401,
  workstation_proof_invalid: 401,
  profile_outdated: 403,
  kb_mandatory_pending: 409,
  ticket_changed: 409,
};

export function statusForCode(code: ApiErrorCode): number {
  return STATUS_BY_CODE[code];
}

/**
 * A failure with a contract error code. Thrown anywhere in the server; the HTTP error
 * handler turns it into the ApiError body. Messages are English and never carry secrets.
 */
export class ApiFailure extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.status = statusForCode(code);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
