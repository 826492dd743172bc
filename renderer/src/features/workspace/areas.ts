import type { Permission, Role } from '../../../../institution/contract/api.ts';
import type { PlainMessageKey } from '../../i18n/translate.ts';

/**
 * The workspace areas that exist. Only implemented areas are listed: an agent must not
 * see a door to something that is not there. Later areas (softphone, KB, tickets) add a
 * row here with the roles that may open them.
 */
export interface AreaDefinition {
  id: AreaId;
  label: PlainMessageKey;
  /** Roles that see the area; an operator with any of them may open it. */
  roles: readonly Role[];
  /** A permission the operator must also hold (the area's channels need it); a list: any one of them. */
  permission?: Permission | readonly Permission[];
}

export type AreaId = 'session-security' | 'kb' | 'kb-mandatory' | 'kb-authoring' | 'tickets';

export const AREAS: readonly AreaDefinition[] = [
  { id: 'session-security', label: 'area.session-security', roles: ['agent', 'supervisor', 'admin', 'qa'] },
  /** Knowledge-base search and reading (features/kb/reader), beside the phone panel. */
  { id: 'kb', label: 'area.kb', roles: ['agent', 'supervisor', 'admin', 'qa'], permission: 'kb.read' },
  /** The agent's mandatory reads (features/kb/mandatory): what holds Ready. */
  { id: 'kb-mandatory', label: 'area.kb-mandatory', roles: ['agent', 'supervisor', 'admin', 'qa'], permission: 'kb.read' },
  /** Knowledge-base authoring (features/kb/authoring), for the institution's authors. */
  { id: 'kb-authoring', label: 'area.kb-authoring', roles: ['agent', 'supervisor', 'admin', 'qa'], permission: 'kb.edit' },
  /** Tickets (features/tickets): agents file and follow their own; staff with tickets.process handle them. */
  { id: 'tickets', label: 'area.tickets', roles: ['agent', 'supervisor', 'admin', 'qa'], permission: ['tickets.create', 'tickets.process'] },
];

const holdsAny = (needed: Permission | readonly Permission[], held: readonly Permission[]): boolean =>
  typeof needed === 'string' ? held.includes(needed) : needed.some((p) => held.includes(p));

export function areasFor(roles: readonly Role[], permissions: readonly Permission[] = []): AreaDefinition[] {
  return AREAS.filter((area) => area.roles.some((role) => roles.includes(role)) && (area.permission === undefined || holdsAny(area.permission, permissions)));
}
