import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { DeskError } from '../../../../electron/contract/errors.ts';
import { useSession, useT } from '../../state/context.tsx';
import { currentOperator } from '../../state/session-store.ts';
import { errorMessage } from '../../i18n/labels.ts';
import { TextField } from '../../ui/TextField.tsx';
import { setLockCallSlot } from './lock-slot.ts';
import './lock.css';

type UnlockProblem = { kind: 'desk'; error: DeskError } | { kind: 'required' };

/** Covers the (still mounted, inert) workspace until the operator's password is entered again. */
export function LockScreen() {
  const t = useT();
  const operator = useSession(currentOperator);
  const unlock = useSession((s) => s.unlock);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<UnlockProblem | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const errorId = useId();

  useEffect(() => {
    passwordRef.current?.focus();
  }, [problem]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (password === '') return setProblem({ kind: 'required' });
    setBusy(true);
    setProblem(null);
    const result = await unlock(password);
    setBusy(false);
    // Never keep the password once it has been tried, whether it worked or not.
    setPassword('');
    if (!result.ok) setProblem({ kind: 'desk', error: result.error });
  };

  if (!operator) return null;
  // The lock screen asks only for a password: a refusal is "wrong password", not "wrong ID or password".
  const message =
    problem &&
    (problem.kind === 'required'
      ? t('lock.required')
      : problem.error.code === 'invalid_credentials'
        ? t('lock.wrongPassword')
        : errorMessage(t, problem.error));

  return (
    <div className="lock-screen" data-testid="lock-screen" role="dialog" aria-modal="true" aria-labelledby={headingId}>
      {/* A ringing or running call shows its bar here (the phone portals it in: lock-slot.ts). */}
      <div className="lock-screen__call" ref={setLockCallSlot} />
      <form className="lock-screen__card" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="lock-screen__icon" aria-hidden="true" />
        <h1 id={headingId} className="lock-screen__heading">
          {t('lock.heading')}
        </h1>
        <p className="lock-screen__operator">{t('lock.operator', { name: operator.displayName, id: operator.id })}</p>
        <p className="lock-screen__message">{t('lock.hint')}</p>
        <TextField
          label={t('lock.password')}
          inputRef={passwordRef}
          testId="unlock-password"
          type="password"
          autoComplete="off"
          maxLength={256}
          value={password}
          readOnly={busy}
          aria-describedby={message ? errorId : undefined}
          onValue={setPassword}
        />
        {message && (
          <div id={errorId} className="alert alert--error" role="alert">
            {message}
          </div>
        )}
        <button className="button button--primary button--block" data-testid="unlock-submit" type="submit" disabled={busy} aria-busy={busy}>
          {busy ? t('lock.busy') : t('lock.submit')}
        </button>
      </form>
    </div>
  );
}
