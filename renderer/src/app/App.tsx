import { useEffect } from 'react';
import { useSession, useStores, useT } from '../state/context.tsx';
import { errorMessage } from '../i18n/labels.ts';
import { LoginScreen } from '../features/login/LoginScreen.tsx';
import { Workspace } from '../features/workspace/Workspace.tsx';
import { LockScreen } from '../features/lock/LockScreen.tsx';
import { LockGuard } from '../features/lock/LockGuard.tsx';
import { StatusBar } from '../features/status-bar/StatusBar.tsx';
import { Watermark } from '../features/watermark/Watermark.tsx';
import './app.css';

/**
 * The shell: login or workspace above, status bar below, watermark over everything.
 * The workspace keeps its place in the tree while locked, so React keeps the same DOM
 * and state underneath the lock screen: nothing typed is lost by an idle lock.
 */
export function App() {
  const stores = useStores();
  const t = useT();
  const phase = useSession((s) => s.phase);
  const status = useSession((s) => s.session.status);

  useEffect(() => stores.session.getState().start(), [stores]);
  useEffect(() => stores.language.getState().load(), [stores]);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  return (
    <div className="app">
      <div className="app__main">
        {phase === 'starting' && <Startup />}
        {phase === 'failed' && <StartupFailed />}
        {phase === 'ready' && status === 'logged-out' && <LoginScreen />}
        {phase === 'ready' && status !== 'logged-out' && (
          <>
            <Workspace locked={status === 'locked'} />
            {status === 'locked' && <LockScreen />}
            <LockGuard active={status === 'active'} />
          </>
        )}
      </div>
      <StatusBar />
      <Watermark />
    </div>
  );
}

function Startup() {
  const t = useT();
  return (
    <div className="app__notice" role="status">
      {t('app.loading')}
    </div>
  );
}

function StartupFailed() {
  const t = useT();
  const error = useSession((s) => s.startupError);
  const retry = useSession((s) => s.retry);
  return (
    <div className="app__notice">
      <div role="alert">
        <p>{t('app.startFailed')}</p>
        {error && <p>{errorMessage(t, error)}</p>}
      </div>
      <button type="button" className="button button--primary" onClick={retry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
