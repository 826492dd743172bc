import { DeskFailure } from '../../contract/errors.ts';
import { ApiFailure } from '../api/failure.ts';

/** How the session reads client failures. Codes only: never messages, which may quote servers. */

/** The access token was refused (not: the password was wrong). */
export function isUnauthorized(e: unknown): boolean {
  return e instanceof ApiFailure && e.status === 401 && (e.code === 'unauthorized' || e.code === null);
}

/** The institution could not be reached or was overloaded: worth retrying later. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ApiFailure)) return false;
  if (e.kind === 'network' || e.kind === 'timeout') return true;
  return e.kind === 'http' && ((e.status ?? 0) >= 500 || e.code === 'rate_limited');
}

/** A short, non-sensitive label for audit records. */
export function failureCode(e: unknown): string {
  if (e instanceof ApiFailure) return e.code ?? e.kind;
  if (e instanceof DeskFailure) return e.code;
  return 'internal';
}
