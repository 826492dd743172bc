import { useEffect, useState } from 'react';
import type { DeskApi } from '../../../../electron/contract/desk-api.ts';
import type { UpdateStatus } from '../../../../electron/contract/updates.ts';
import type { Translate } from '../../i18n/translate.ts';

/** `desk.update.status()` once, then every `update.changed`; null until the first answer. */
export function useUpdateStatus(desk: DeskApi): UpdateStatus | null {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  useEffect(() => {
    let live = true;
    const stop = desk.update.onChanged((next) => {
      if (live) setStatus(next);
    });
    desk.update.status().then(
      (result) => {
        // An event that arrived first is newer than this answer.
        if (live && result.ok) setStatus((current) => current ?? result.value);
      },
      () => undefined,
    );
    return () => {
      live = false;
      stop();
    };
  }, [desk]);
  return status;
}

/**
 * The status bar's line for the updater, or null when there is nothing to say (disabled,
 * idle, checking, up to date, a failed check). The agent learns what they need: an update
 * waits for this call, or for a quiet moment / sign-out, or was installed; a refusal says
 * it was recorded.
 */
export function updateNotice(t: Translate, s: UpdateStatus): string | null {
  const version = s.version ?? '';
  switch (s.state) {
    case 'ready':
      return t(s.waitingFor === 'call' ? 'update.readyAfterCall' : 'update.readyWhenIdle', { version });
    case 'downloading':
      return t('update.downloading', { version });
    case 'installing':
      return t('update.installing', { version });
    case 'installed':
      return t('update.installed', { version });
    case 'refused':
      return t('update.refused');
    case 'failed':
      return s.reason === 'check-failed' ? null : t('update.failed');
    default:
      return null;
  }
}
