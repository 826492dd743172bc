import { useEffect, useState } from 'react';
import type { DeskApi } from '../../../../electron/contract/desk-api.ts';
import type { SystemVersions } from '../../../../electron/contract/channels.ts';
import type { Translate } from '../../i18n/translate.ts';

/** `desk.system.versions()` once per mount; null until it answers (or if it cannot). */
export function useSystemVersions(desk: DeskApi): SystemVersions | null {
  const [versions, setVersions] = useState<SystemVersions | null>(null);
  useEffect(() => {
    let live = true;
    desk.system.versions().then(
      (result) => {
        if (live && result.ok) setVersions(result.value);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [desk]);
  return versions;
}

/**
 * The about line. The browser demo has no Electron and cannot vouch for the browser it runs
 * in (both null): it says so instead of printing a version it does not know.
 */
export function versionLine(t: Translate, v: SystemVersions): string {
  return v.electron !== null && v.chrome !== null
    ? t('status.versionDesktop', { app: v.app, electron: v.electron, chrome: v.chrome })
    : t('status.versionBrowser', { app: v.app });
}
