import type { PushEvent } from '../../contract/api.ts';
import type { KbSpace, KbVersion } from '../../contract/kb-api.ts';
import type { Audience, PushHub } from '../push/push-hub.ts';

/**
 * Who hears about a change in `space`: the streams whose session could read it — authors
 * (kb.edit) always, readers (kb.read) when the space lists one of their roles. The same rule
 * as kb-store.canReadSpace, on what the stream's session was granted when it opened.
 */
export function kbSpaceAudience(space: Pick<KbSpace, 'readRoles'>): Audience {
  return (access) => access.permissions.includes('kb.edit') || (access.permissions.includes('kb.read') && space.readRoles.some((role) => access.roles.includes(role)));
}

/** Pushes `kb-changed` (ids only, never content) to the streams that may read the space; returns how many. */
export function announceKbChange(hub: Pick<PushHub, 'broadcast'>, version: KbVersion, change: 'published' | 'retired', space: Pick<KbSpace, 'readRoles'>): number {
  const event: PushEvent = { type: 'kb-changed', change, articleId: version.articleId, spaceId: version.spaceId, version: version.version, mandatory: version.mandatory };
  return hub.broadcast(event, kbSpaceAudience(space));
}

/**
 * Pushes `kb-space-changed` (the space id only) after a space's read roles changed, to every
 * stream that could read the space before or after: one that lost access must close what it
 * shows, one that gained it lists the space. Returns how many streams got it.
 */
export function announceKbSpaceRoles(hub: Pick<PushHub, 'broadcast'>, before: Pick<KbSpace, 'id' | 'readRoles'>, after: Pick<KbSpace, 'readRoles'>): number {
  const couldRead = kbSpaceAudience(before);
  const canRead = kbSpaceAudience(after);
  const event: PushEvent = { type: 'kb-space-changed', change: 'read-roles', spaceId: before.id };
  return hub.broadcast(event, (access, operatorId) => couldRead(access, operatorId) || canRead(access, operatorId));
}
