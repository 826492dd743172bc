import { APP_ORIGIN, originOf } from './origin.ts';
import type { SecurityAudit } from './security-events.ts';

/**
 * The permission table, as data (after Signal-Desktop's permissions.ts): what a page may
 * be granted, by whom. Everything not listed is denied — notifications, clipboard,
 * fullscreen, devices and screen capture included. docs/security.md gives each entry's reason. The same table answers both Chromium's
 * permission *requests* and its synchronous permission *checks*, so the two cannot drift.
 */
export interface PermissionGrant {
  /** Exact origins that may receive it. */
  origins: readonly string[];
  /** For `media`: the only media types that may be granted. */
  mediaTypes?: readonly ('audio' | 'video')[];
}

export const PERMISSION_TABLE: Readonly<Record<string, PermissionGrant>> = Object.freeze({
  // The softphone needs the microphone. Never the camera: video would put customer-facing
  // screens and faces on the wire, and the desk has no video feature.
  media: Object.freeze({ origins: Object.freeze([APP_ORIGIN]), mediaTypes: Object.freeze(['audio'] as const) }),
  // The softphone plays the far end and the ringtone on the headset or speaker the agent
  // chose (HTMLMediaElement.setSinkId). It selects among the output devices only; it opens
  // no input and reveals nothing the microphone grant has not already listed.
  'speaker-selection': Object.freeze({ origins: Object.freeze([APP_ORIGIN]) }),
});

export interface RequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaTypes?: readonly string[];
}

export interface CheckDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaType?: string;
}

/** Media is granted only if every requested type is listed; an empty or unknown request is refused. */
function mediaAllowed(grant: PermissionGrant, requested: readonly (string | undefined)[]): boolean {
  if (!grant.mediaTypes) return true;
  if (requested.length === 0) return false;
  return requested.every((t) => t !== undefined && (grant.mediaTypes as readonly string[]).includes(t));
}

function granted(permission: string, origin: string, isMainFrame: boolean | undefined, mediaTypes: readonly (string | undefined)[]): boolean {
  if (!Object.hasOwn(PERMISSION_TABLE, permission)) return false;
  const grant = PERMISSION_TABLE[permission];
  if (!grant || !grant.origins.includes(origin)) return false;
  // Sub-frames never get anything: the desk has no iframes of its own.
  if (isMainFrame !== true) return false;
  return permission !== 'media' || mediaAllowed(grant, mediaTypes);
}

export function decidePermissionRequest(permission: string, details: RequestDetails): boolean {
  return granted(permission, originOf(details.requestingUrl ?? ''), details.isMainFrame, details.mediaTypes ?? []);
}

export function decidePermissionCheck(permission: string, requestingOrigin: string, details: CheckDetails): boolean {
  // Chromium passes the origin serialized; re-derive it so "app://desk/" or odd spellings cannot match loosely.
  return granted(permission, originOf(requestingOrigin), details.isMainFrame, [details.mediaType]);
}

export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: RequestDetails) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: CheckDetails) => boolean): void;
  setDevicePermissionHandler(handler: (details: { deviceType: string; origin: string }) => boolean): void;
  setDisplayMediaRequestHandler(handler: (request: { securityOrigin: string }, callback: (streams: null) => void) => void): void;
}

export function installPermissionHandlers(session: PermissionSession, audit: SecurityAudit): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const allow = decidePermissionRequest(permission, details);
    if (!allow) audit({ kind: 'permission-denied', url: details.requestingUrl ?? '', detail: permission });
    callback(allow);
  });
  // Checks are frequent and silent (feature detection); only requests are audited.
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => decidePermissionCheck(permission, requestingOrigin, details));
  session.setDevicePermissionHandler((details) => {
    audit({ kind: 'device-permission-denied', url: details.origin, detail: details.deviceType });
    return false;
  });
  // No screen capture, ever: a shared screen is the easiest way to copy a KB article.
  session.setDisplayMediaRequestHandler((request, callback) => {
    audit({ kind: 'display-capture-denied', url: request.securityOrigin, detail: 'getDisplayMedia' });
    callback(null);
  });
}
