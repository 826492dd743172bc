import { useId } from 'react';
import { useLocalized, useSession, useT } from '../../state/context.tsx';
import { errorMessage, loggedOutReasonKeys } from '../../i18n/labels.ts';
import type { Translate } from '../../i18n/translate.ts';
import { useLoginFlow, type LoginProblem } from './use-login-flow.ts';
import { CredentialsForm } from './CredentialsForm.tsx';
import { TotpForm } from './TotpForm.tsx';
import './login.css';

export function LoginScreen() {
  const t = useT();
  const pick = useLocalized();
  const institutionName = useSession((s) => s.institutionName);
  const workstationId = useSession((s) => s.workstationId);
  const enrollmentRefused = useSession((s) => s.enrollment === 'refused');
  const reason = useSession((s) => (s.session.status === 'logged-out' ? s.session.reason : null));
  const flow = useLoginFlow();
  const headingId = useId();
  const errorId = useId();
  const message = flow.problem ? problemMessage(t, flow.problem) : null;
  // Why the last session ended matters only until the user tries again: it must never sit
  // above a new error or on the TOTP step, where it would read as the answer to this attempt.
  const showReason = reason !== null && !flow.attempted && message === null && flow.step === 'credentials';

  return (
    <main className="login">
      <section className="login__card" aria-labelledby={headingId}>
        <header className="login__header">
          <div className="login__product">{t('app.productName')}</div>
          {institutionName && <div className="login__institution">{pick(institutionName)}</div>}
          <h1 id={headingId} className="login__heading">
            {flow.step === 'credentials' ? t('login.heading') : t('totp.heading')}
          </h1>
        </header>

        {enrollmentRefused && (
          <p className="login__reason login__reason--warning" role="alert" data-testid="enrollment-refused">
            {t('login.enrollmentRefused')}
          </p>
        )}

        {showReason && (
          <p
            className={`login__reason${reason === 'user' ? '' : ' login__reason--warning'}`}
            role="status"
            data-testid="logged-out-reason"
            data-reason={reason}
          >
            {t(loggedOutReasonKeys[reason])}
          </p>
        )}

        {flow.step === 'credentials' ? (
          <CredentialsForm flow={flow} errorId={message ? errorId : undefined} />
        ) : (
          <TotpForm flow={flow} errorId={message ? errorId : undefined} />
        )}

        {message && (
          <div id={errorId} className="alert alert--error" role="alert" data-testid="login-error">
            {message}
          </div>
        )}

        {workstationId && <footer className="login__footer">{t('login.workstation', { id: workstationId })}</footer>}
      </section>
    </main>
  );
}

function problemMessage(t: Translate, problem: LoginProblem): string {
  return problem.kind === 'desk' ? errorMessage(t, problem.error) : t(problem.key);
}
