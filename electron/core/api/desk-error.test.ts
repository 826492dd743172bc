import { describe, expect, it } from 'vitest';
import { DeskFailure } from '../../contract/errors.ts';
import { ProfileError } from '../profile/verify.ts';
import { ApiFailure, type ApiFailureDetails, type ApiFailureKind } from './failure.ts';
import { toDeskError } from './desk-error.ts';

const failure = (kind: ApiFailureKind, details: ApiFailureDetails = {}) => new ApiFailure(kind, 'x', details);

describe('toDeskError', () => {
  it.each([
    [failure('http', { status: 401, code: 'invalid_credentials' }), { code: 'invalid_credentials' }],
    [failure('http', { status: 401, code: 'totp_required' }), { code: 'totp_required' }],
    [failure('http', { status: 401, code: 'totp_invalid' }), { code: 'totp_invalid' }],
    [failure('http', { status: 423, code: 'account_locked', retryAfterSeconds: 600 }), { code: 'account_locked', retryAfterSeconds: 600 }],
    [failure('http', { status: 423, code: 'account_locked' }), { code: 'account_locked' }],
    [failure('http', { status: 403, code: 'account_disabled' }), { code: 'account_disabled' }],
    [failure('http', { status: 403, code: 'workstation_not_enrolled' }), { code: 'workstation_not_enrolled' }],
    [failure('http', { status: 401, code: 'workstation_proof_required' }), { code: 'workstation_not_enrolled' }],
    [failure('http', { status: 401, code: 'workstation_proof_invalid' }), { code: 'workstation_not_enrolled' }],
    [failure('http', { status: 403, code: 'profile_outdated' }), { code: 'profile_outdated' }],
    [failure('http', { status: 429, code: 'rate_limited', retryAfterSeconds: 7 }), { code: 'rate_limited', retryAfterSeconds: 7 }],
    [failure('http', { status: 429, code: 'rate_limited' }), { code: 'rate_limited' }],
    [failure('http', { status: 401, code: 'unauthorized' }), { code: 'session_expired' }],
    [failure('http', { status: 401 }), { code: 'session_expired' }],
    [failure('http', { status: 400, code: 'bad_request' }), { code: 'bad_request' }],
    [failure('http', { status: 403, code: 'forbidden' }), { code: 'internal' }],
    [failure('http', { status: 500, code: 'internal' }), { code: 'internal' }],
    [failure('http', { status: 503 }), { code: 'internal' }],
    [failure('network'), { code: 'institution_unreachable' }],
    [failure('timeout'), { code: 'institution_unreachable' }],
    [failure('certificate'), { code: 'certificate_rejected' }],
    [failure('bad-response', { status: 200 }), { code: 'internal' }],
    [new DeskFailure('session_locked'), { code: 'session_locked' }],
    [new ProfileError('expired', 'x'), { code: 'profile_invalid' }],
    [new Error('boom with secret'), { code: 'internal' }],
    ['a string', { code: 'internal' }],
    [undefined, { code: 'internal' }],
  ])('maps %o to %o', (error, expected) => {
    expect(toDeskError(error)).toEqual(expected);
  });
});
