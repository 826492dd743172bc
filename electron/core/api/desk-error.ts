import { DeskFailure, type DeskError, type DeskErrorCode } from '../../contract/errors.ts';
import type { ApiErrorCode } from '../../../institution/contract/api.ts';
import { ProfileError } from '../profile/verify.ts';
import { ApiFailure } from './failure.ts';

/**
 * Maps anything thrown below the bridge to the small DeskError vocabulary the renderer
 * localizes. Unknown errors become `internal`: their text never crosses the bridge.
 */
const fromApiCode: Partial<Record<ApiErrorCode, DeskErrorCode>> = {
  invalid_credentials: 'invalid_credentials',
  totp_required: 'totp_required',
  totp_invalid: 'totp_invalid',
  account_locked: 'account_locked',
  account_disabled: 'account_disabled',
  unauthorized: 'session_expired',
  bad_request: 'bad_request',
  workstation_not_enrolled: 'workstation_not_enrolled',
  // The institution does not recognise this workstation's key: to the operator it is the
  // same situation as an unenrolled workstation (IT must provision it again).
  workstation_proof_required: 'workstation_not_enrolled',
  workstation_proof_invalid: 'workstation_not_enrolled',
  profile_outdated: 'profile_outdated',
  rate_limited: 'rate_limited',
  kb_mandatory_pending: 'kb_mandatory_pending',
};

function fromApiFailure(failure: ApiFailure): DeskError {
  switch (failure.kind) {
    case 'network':
    case 'timeout':
      return { code: 'institution_unreachable' };
    case 'certificate':
      return { code: 'certificate_rejected' };
    case 'bad-response':
      return { code: 'internal' };
    case 'http': {
      const mapped = failure.code === null ? undefined : fromApiCode[failure.code];
      if ((mapped === 'account_locked' || mapped === 'rate_limited') && failure.retryAfterSeconds !== null) {
        return { code: mapped, retryAfterSeconds: failure.retryAfterSeconds };
      }
      if (mapped !== undefined) return { code: mapped };
      // A 401 without a recognizable body still means the session is gone.
      if (failure.status === 401) return { code: 'session_expired' };
      return { code: 'internal' };
    }
  }
}

export function toDeskError(error: unknown): DeskError {
  if (error instanceof ApiFailure) return fromApiFailure(error);
  if (error instanceof DeskFailure) return error.toDeskError();
  if (error instanceof ProfileError) return { code: 'profile_invalid' };
  return { code: 'internal' };
}
