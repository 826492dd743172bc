import type { Role } from '../../../../institution/contract/api.ts';
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
}

export type AreaId = 'session-security';

export const AREAS: readonly AreaDefinition[] = [
  { id: 'session-security', label: 'area.session-security', roles: ['agent', 'supervisor', 'admin', 'qa'] },
];

export function areasFor(roles: readonly Role[]): AreaDefinition[] {
  return AREAS.filter((area) => area.roles.some((role) => roles.includes(role)));
}
