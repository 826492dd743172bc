import type { Permission, Role } from '../../contract/api.ts';

/** The one table mapping roles to permissions. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  agent: ['calls.handle', 'kb.read', 'tickets.create'],
  supervisor: ['calls.handle', 'kb.read', 'tickets.create', 'supervision.monitor', 'reports.read'],
  qa: ['kb.read', 'audit.read', 'reports.read', 'supervision.monitor'],
  admin: ['operators.manage', 'policy.manage', 'kb.edit', 'tickets.process', 'audit.read', 'reports.read'],
};

/** Union of the roles' permissions, in a stable order. */
export function permissionsFor(roles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  return [...granted].sort();
}
