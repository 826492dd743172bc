import type { ConnectionState, SessionState } from '../../../electron/contract/channels.ts';
import type { DeskError, DeskErrorCode } from '../../../electron/contract/errors.ts';
import type { Permission, Role } from '../../../institution/contract/api.ts';
import type { PlainMessageKey, Translate } from './translate.ts';

/**
 * Contract values → message keys. The Record types make the compiler demand a key for
 * every enum member; i18n.test.ts checks the same at runtime against the zod enums.
 */
export const errorKeys: Readonly<Record<DeskErrorCode, PlainMessageKey>> = {
  invalid_credentials: 'error.invalid_credentials',
  totp_required: 'error.totp_required',
  totp_invalid: 'error.totp_invalid',
  account_locked: 'error.account_locked',
  account_disabled: 'error.account_disabled',
  session_expired: 'error.session_expired',
  session_locked: 'error.session_locked',
  not_logged_in: 'error.not_logged_in',
  permission_denied: 'error.permission_denied',
  institution_unreachable: 'error.institution_unreachable',
  certificate_rejected: 'error.certificate_rejected',
  profile_invalid: 'error.profile_invalid',
  profile_outdated: 'error.profile_outdated',
  rate_limited: 'error.rate_limited',
  bad_request: 'error.bad_request',
  forbidden_sender: 'error.forbidden_sender',
  internal: 'error.internal',
  workstation_not_enrolled: 'error.workstation_not_enrolled',
  phone_not_configured: 'error.phone_not_configured',
  too_many_holds: 'error.too_many_holds',
  kb_not_found: 'error.kb_not_found',
  kb_conflict: 'error.kb_conflict',
  kb_edit_conflict: 'error.kb_edit_conflict',
  kb_space_exists: 'error.kb_space_exists',
  kb_mandatory_pending: 'error.kb_mandatory_pending',
  kb_image_refused: 'error.kb_image_refused',
  ticket_too_large: 'error.ticket_too_large',
  ticket_not_sealed: 'error.ticket_not_sealed',
  ticket_drafts_full: 'error.ticket_drafts_full',
  ticket_not_found: 'error.ticket_not_found',
  ticket_conflict: 'error.ticket_conflict',
  ticket_changed: 'error.ticket_changed',
  ticket_type_unknown: 'error.ticket_type_unknown',
};

export const roleKeys: Readonly<Record<Role, PlainMessageKey>> = {
  agent: 'role.agent',
  supervisor: 'role.supervisor',
  admin: 'role.admin',
  qa: 'role.qa',
};

export const permissionKeys: Readonly<Record<Permission, PlainMessageKey>> = {
  'calls.handle': 'permission.calls.handle',
  'kb.read': 'permission.kb.read',
  'kb.edit': 'permission.kb.edit',
  'tickets.create': 'permission.tickets.create',
  'tickets.process': 'permission.tickets.process',
  'tickets.admin': 'permission.tickets.admin',
  'tickets.reveal': 'permission.tickets.reveal',
  'supervision.monitor': 'permission.supervision.monitor',
  'reports.read': 'permission.reports.read',
  'operators.manage': 'permission.operators.manage',
  'audit.read': 'permission.audit.read',
  'policy.manage': 'permission.policy.manage',
  'updates.publish': 'permission.updates.publish',
};

export const connectionKeys: Readonly<Record<ConnectionState, PlainMessageKey>> = {
  online: 'connection.online',
  connecting: 'connection.connecting',
  offline: 'connection.offline',
};

type LoggedOutReason = NonNullable<Extract<SessionState, { status: 'logged-out' }>['reason']>;
export const loggedOutReasonKeys: Readonly<Record<LoggedOutReason, PlainMessageKey>> = {
  user: 'loggedOut.user',
  expired: 'loggedOut.expired',
  'operator-disabled': 'loggedOut.operator-disabled',
  revoked: 'loggedOut.revoked',
};

/** The message for a failed desk call; a locked account says how many minutes remain. */
export function errorMessage(t: Translate, error: DeskError): string {
  if (error.code === 'rate_limited' && error.retryAfterSeconds !== undefined) {
    return t('error.rate_limited_seconds', { seconds: Math.max(1, error.retryAfterSeconds) });
  }
  if (error.code === 'account_locked' && error.retryAfterSeconds !== undefined) {
    return t('error.account_locked_minutes', { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
  }
  return t(errorKeys[error.code]);
}
