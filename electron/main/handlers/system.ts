import type { SystemVersions } from '../../contract/channels.ts';
import type { MainHandlers } from '../../core/ipc/dispatch.ts';

/**
 * `system.*`, owned by main: what this desktop runs on (Electron's own versions exist only
 * in main). The browser test host passes its Node's versions; electron and chrome are null
 * there, which the about line shows as such.
 */
export interface SystemFacts {
  appVersion: string;
  /** process.versions */
  versions: Readonly<Record<string, string | undefined>>;
}

export function systemVersions(facts: SystemFacts): SystemVersions {
  const v = facts.versions;
  return { app: facts.appVersion, electron: v['electron'] ?? null, chrome: v['chrome'] ?? null, node: v['node'] ?? 'unknown' };
}

export function createSystemHandlers(facts: SystemFacts): Pick<MainHandlers, 'system.versions'> {
  const versions = systemVersions(facts);
  return { 'system.versions': async () => versions };
}
