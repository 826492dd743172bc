import type { Permission } from '../../institution/contract/api.ts';
import type { DeskErrorCode } from './errors.ts';
import type { SessionState } from './schemas.ts';

/**
 * Who may call a desk channel. The channel table states one rule per channel, and the one
 * dispatcher checks it before any handler runs, so no handler has to remember to.
 *
 * - `public`: also before sign-in (login, the language switch, the versions line).
 * - `signed-in`: an operator is in session, locked or not (what the lock screen needs).
 * - `unlocked`: an operator is in session and the screen is not locked.
 * - `permission`: unlocked (or, with `whileLocked`, signed in), and the institution granted
 *   the operator this permission (or, with `orAnyOf`, one of those: tickets are read by the
 *   agents who file them and the staff who process them). `whileLocked` is for what must keep working under the lock
 *   screen without showing the workspace — the call bar: answer, hang up, the agent state.
 */
export type AccessRule =
  | { readonly kind: 'public' }
  | { readonly kind: 'signed-in' }
  | { readonly kind: 'unlocked' }
  | { readonly kind: 'permission'; readonly permission: Permission; readonly whileLocked?: boolean; readonly orAnyOf?: readonly Permission[] };

export const PUBLIC: AccessRule = Object.freeze({ kind: 'public' });
export const SIGNED_IN: AccessRule = Object.freeze({ kind: 'signed-in' });
export const UNLOCKED: AccessRule = Object.freeze({ kind: 'unlocked' });
export const needs = (permission: Permission, o: { whileLocked?: boolean } = {}): AccessRule =>
  Object.freeze(o.whileLocked === true ? { kind: 'permission', permission, whileLocked: true } : { kind: 'permission', permission });
/** Any one of the permissions will do (unlocked only). */
export const needsAny = (permission: Permission, ...orAnyOf: Permission[]): AccessRule => Object.freeze({ kind: 'permission', permission, orAnyOf: Object.freeze([...orAnyOf]) });

/** The error a caller in `session` gets for `rule`, or null when the call may proceed. */
export function accessDenial(rule: AccessRule, session: SessionState): DeskErrorCode | null {
  if (rule.kind === 'public') return null;
  if (session.status === 'logged-out') return 'not_logged_in';
  if (rule.kind === 'signed-in') return null;
  if (session.status === 'locked' && !(rule.kind === 'permission' && rule.whileLocked === true)) return 'session_locked';
  if (rule.kind === 'unlocked') return null;
  const granted = session.operator.permissions;
  return granted.includes(rule.permission) || (rule.orAnyOf ?? []).some((p) => granted.includes(p)) ? null : 'permission_denied';
}
