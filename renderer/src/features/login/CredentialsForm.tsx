import { useEffect, useRef, type FormEvent } from 'react';
import { useT } from '../../state/context.tsx';
import type { LoginFlow } from './use-login-flow.ts';
import { TextField } from '../../ui/TextField.tsx';

/**
 * Operator ID + password. autocomplete is off on both: the workstation is shared by
 * shifts, and suggesting the previous operator's ID (or offering to save a password)
 * is exactly what a shared seat must not do.
 */
export function CredentialsForm({ flow, errorId }: { flow: LoginFlow; errorId: string | undefined }) {
  const t = useT();
  const operatorRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // First visit: focus the ID. After a failure (ID kept, password cleared): focus the password.
  useEffect(() => {
    (flow.operatorId === '' ? operatorRef : passwordRef).current?.focus();
    // Deliberately keyed on the problem only: refocus when the form appears or a new
    // problem is shown, never on a keystroke.
  }, [flow.problem]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void flow.submitCredentials();
  };

  return (
    <form className="login__form" onSubmit={onSubmit} noValidate aria-label={t('login.formLabel')}>
      <TextField
        label={t('login.operatorId')}
        inputRef={operatorRef}
        testId="login-operator-id"
        name="operatorId"
        type="text"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={32}
        value={flow.operatorId}
        readOnly={flow.busy}
        aria-describedby={errorId}
        onValue={flow.setOperatorId}
      />
      <TextField
        label={t('login.password')}
        inputRef={passwordRef}
        testId="login-password"
        name="password"
        type="password"
        autoComplete="off"
        maxLength={256}
        value={flow.password}
        readOnly={flow.busy}
        aria-describedby={errorId}
        onValue={flow.setPassword}
      />
      <button className="button button--primary button--block" data-testid="login-submit" type="submit" disabled={flow.busy} aria-busy={flow.busy}>
        {flow.busy ? t('login.busy') : t('login.submit')}
      </button>
    </form>
  );
}
