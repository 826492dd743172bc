import type { Permission, Role } from '../../contract/api.ts';

/** The one table mapping roles to permissions. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  agent: ['calls.handle', 'kb.read', 'tickets.create'],
  supervisor: ['calls.handle', 'kb.read', 'tickets.create', 'tickets.process', 'supervision.monitor', 'reports.read'],
  qa: ['kb.read', 'audit.read', 'reports.read', 'supervision.monitor'],
  admin: ['operators.manage', 'policy.manage', 'kb.edit', 'tickets.process', 'tickets.admin', 'tickets.reveal', 'audit.read', 'reports.read', 'updates.publish'],
};

/** Union of the roles' permissions, in a stable order. */
export function permissionsFor(roles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  return [...granted].sort();
}

/**
 * Roles that may sign in without a workstation (`POST /auth/console-login`): institution
 * staff at the institution's own tools. Every other role works at an outsourcer's
 * workstation and signs in only with that workstation's proof.
 */
export const CONSOLE_ROLES: readonly Role[] = ['admin'];

export function isConsoleAccount(roles: readonly Role[]): boolean {
  return roles.length > 0 && roles.every((role) => CONSOLE_ROLES.includes(role));
}

/** What a console session may do: only its console roles count, whatever roles the account gains later. */
export function consolePermissions(roles: readonly Role[]): Permission[] {
  return permissionsFor(roles.filter((role) => CONSOLE_ROLES.includes(role)));
}
