import type { ApiErrorCode } from '../../../institution/contract/api.ts';

/**
 * Every way an institution call can fail, as one typed error. Messages name the method,
 * path and status only: never a token, password, header or body, because they end up in
 * logs and audit events.
 */
export type ApiFailureKind = 'http' | 'network' | 'timeout' | 'certificate' | 'bad-response';

export interface ApiFailureDetails {
  status?: number | null;
  code?: ApiErrorCode | null;
  retryAfterSeconds?: number | null;
  /**
   * False only when the failure provably happened before any request byte could reach the
   * server (connection refused, DNS, TLS handshake). Decides whether a non-idempotent call
   * such as login may fail over to the next base URL.
   */
  mayHaveReachedServer?: boolean;
  /** A ticket refused for its body (400): the institution's per-field errors (pointer into the body + code). */
  fields?: readonly { pointer: string; code: string }[] | null;
}

export class ApiFailure extends Error {
  readonly kind: ApiFailureKind;
  readonly status: number | null;
  readonly code: ApiErrorCode | null;
  readonly retryAfterSeconds: number | null;
  readonly mayHaveReachedServer: boolean;
  readonly fields: readonly { pointer: string; code: string }[] | null;
  constructor(kind: ApiFailureKind, message: string, details: ApiFailureDetails = {}) {
    super(message);
    this.name = 'ApiFailure';
    this.kind = kind;
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.mayHaveReachedServer = details.mayHaveReachedServer ?? true;
    this.fields = details.fields ?? null;
  }
}

/** 502/503/504: a gateway or overloaded server answered; the request was not processed. */
export function isTransientStatus(status: number | null): boolean {
  return status === 502 || status === 503 || status === 504;
}
