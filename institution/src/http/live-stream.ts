import type { PushEvent } from '../../contract/api.ts';
import { CONSOLE_ROLES } from '../auth/permissions.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { parseRoles } from '../operators/operator-store.ts';
import type { PushHub, PushSink, StreamAccess, StreamOwner } from '../push/push-hub.ts';
import { sessionPermissions, type Caller } from './guards.ts';

/**
 * What a session may see, the way its requests are judged: a console session counts only its
 * console roles and their permissions (guards.sessionPermissions). Operators' roles do not
 * change after creation, so this is fixed for the stream's life.
 */
export function accessOf(caller: Caller): StreamAccess {
  const roles = parseRoles(caller.operator.roles);
  return { roles: caller.session.workstationId === null ? roles.filter((r) => CONSOLE_ROLES.includes(r)) : roles, permissions: sessionPermissions(caller) };
}

export interface StreamEnd {
  sink: PushSink;
  /** Registers what to run when the client goes away. */
  onClose(listener: () => void): void;
}

/**
 * Attaches a session's push stream, then checks once more that the session is live.
 * A logout or an operator disable that lands between the request's authentication and
 * the attach finds no stream to close, so without this second look the stream of a dead
 * session would stay open. After the attach, any revocation reaches the stream itself.
 * Resolves to false when the stream was closed for that reason (or the check failed).
 */
export async function attachLiveStream(
  deps: { hub: PushHub; sessions: Pick<SessionStore, 'isLive'> },
  owner: StreamOwner,
  end: StreamEnd,
  lastEventId: string | undefined,
  snapshot: PushEvent,
): Promise<boolean> {
  const detach = deps.hub.attach(owner, end.sink, lastEventId, snapshot);
  end.onClose(detach);
  const live = await deps.sessions.isLive(owner.sessionId).catch(() => false);
  if (!live) {
    detach();
    end.sink.end();
  }
  return live;
}
