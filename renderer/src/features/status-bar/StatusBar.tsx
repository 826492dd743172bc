import { useEffect, useState, type ChangeEvent } from 'react';
import { useStore } from 'zustand';
import type { SignOutHold } from '../../state/ui-store.ts';
import { useLanguage, useSession, useStores, useT } from '../../state/context.tsx';
import { recordUiAction } from '../../state/audit.ts';
import { connectionKeys } from '../../i18n/labels.ts';
import { isLanguage, LANGUAGES, translate } from '../../i18n/translate.ts';
import { useSystemVersions, versionLine } from './use-system-versions.ts';
import { updateNotice, useUpdateStatus } from './use-update-status.ts';
import { OutboxStatus } from '../tickets/OutboxStatus.tsx';
import './status-bar.css';

/** Bottom bar: institution link, records waiting to sync, versions, language, sign-out. */
export function StatusBar() {
  const t = useT();
  const { desk, ui } = useStores();
  const signOutHold = useStore(ui, (s) => s.signOutHold);
  const unsavedDraft = useStore(ui, (s) => s.unsavedDraft);
  // An unsaved draft was pointed out: the next 退出登录 discards it.
  const [draftWarned, setDraftWarned] = useState(false);
  // Saved (or dropped) since: a later unsaved draft is pointed out again.
  useEffect(() => {
    if (!unsavedDraft) setDraftWarned(false);
  }, [unsavedDraft]);
  const connection = useSession((s) => s.connection);
  const backlog = useSession((s) => s.auditBacklog);
  const signedIn = useSession((s) => s.session.status !== 'logged-out');
  const logout = useSession((s) => s.logout);
  const language = useLanguage((s) => s.language);
  const setLanguage = useLanguage((s) => s.setLanguage);
  const [loggingOut, setLoggingOut] = useState(false);
  // The hold the agent was told about when they last tried; shown until the hold is gone.
  const [refusedFor, setRefusedFor] = useState<SignOutHold | null>(null);
  const versions = useSystemVersions(desk);
  const update = useUpdateStatus(desk);
  const updateLine = update === null ? null : updateNotice(t, update);

  const onLanguage = (event: ChangeEvent<HTMLSelectElement>) => {
    const next = event.target.value;
    if (!isLanguage(next) || next === language) return;
    setLanguage(next);
    if (signedIn) void recordUiAction(desk, { action: 'language-changed', detail: next });
  };

  const onLogout = async () => {
    // Never a silent no-op: say what must happen first (the call or its wrap-up).
    if (signOutHold !== null) {
      setRefusedFor(signOutHold);
      return;
    }
    if (unsavedDraft && !draftWarned) {
      setDraftWarned(true);
      return;
    }
    setDraftWarned(false);
    setLoggingOut(true);
    await logout();
    setLoggingOut(false);
  };

  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <span className={`connection connection--${connection}`} data-testid="connection-status" data-state={connection} role="status">
        <span className="connection__dot" aria-hidden="true" />
        {t('status.connection', { state: t(connectionKeys[connection]) })}
      </span>
      <span className="status-bar__item" data-testid="audit-backlog" data-count={backlog ?? undefined} title={t('status.backlogTitle')}>
        {t('status.backlog', { count: backlog ?? t('status.backlogUnknown') })}
      </span>
      <OutboxStatus />
      <span className="status-bar__spacer" />
      {updateLine !== null && update !== null && (
        <span className="status-bar__item status-bar__update" role="status" data-testid="update-status" data-state={update.state} data-waiting-for={update.waitingFor ?? undefined}>
          {updateLine}
        </span>
      )}
      {versions && (
        <span className="status-bar__item status-bar__version" data-testid="app-version">
          {versionLine(t, versions)}
        </span>
      )}
      <label className="status-bar__language">
        <span className="status-bar__label">{t('status.language')}</span>
        <select className="status-bar__select" data-testid="language-switch" value={language} onChange={onLanguage}>
          {LANGUAGES.map((lang) => (
            // Each language names itself in its own words, whatever the current UI language.
            <option key={lang} value={lang} lang={lang}>
              {translate(lang, `language.${lang}`)}
            </option>
          ))}
        </select>
      </label>
      {signedIn && refusedFor !== null && signOutHold !== null && (
        <span className="status-bar__item status-bar__notice" role="alert" data-testid="logout-held">
          {t(signOutHold === 'call' ? 'status.logoutHeldCall' : 'status.logoutHeldWrapUp')}
        </span>
      )}
      {signedIn && unsavedDraft && draftWarned && signOutHold === null && (
        <span className="status-bar__item status-bar__notice" role="alert" data-testid="logout-unsaved-draft">
          {t('status.logoutUnsavedDraft')}
        </span>
      )}
      {signedIn && (
        <button type="button" className="button button--small" data-testid="logout" disabled={loggingOut} onClick={() => void onLogout()}>
          {loggingOut ? t('status.loggingOut') : t('status.logout')}
        </button>
      )}
    </footer>
  );
}
