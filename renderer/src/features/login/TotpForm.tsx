import { useEffect, useRef, type FormEvent } from 'react';
import { useT } from '../../state/context.tsx';
import type { LoginFlow } from './use-login-flow.ts';
import { TextField } from '../../ui/TextField.tsx';

/** Second step: the 6-digit TOTP code. Escape or Back returns to the credentials, keeping the operator ID. */
export function TotpForm({ flow, errorId }: { flow: LoginFlow; errorId: string | undefined }) {
  const t = useT();
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    codeRef.current?.focus();
  }, [flow.problem]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void flow.submitCode();
  };
  // Escape goes back wherever the focus is on this step (window-level, not only inside the form).
  const back = flow.back;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      back();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [back]);

  return (
    <form className="login__form" onSubmit={onSubmit} noValidate aria-label={t('totp.heading')}>
      <p className="login__hint">{t('totp.hint')}</p>
      <p className="login__operator">{t('totp.operator', { id: flow.operatorId.trim() })}</p>
      <TextField
        label={t('totp.code')}
        inputRef={codeRef}
        variant="code"
        testId="totp-code"
        name="totp"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        value={flow.code}
        readOnly={flow.busy}
        aria-describedby={errorId}
        onValue={flow.setCode}
      />
      <div className="login__actions">
        <button className="button" type="button" onClick={flow.back} disabled={flow.busy}>
          {t('totp.back')}
        </button>
        <button className="button button--primary" data-testid="totp-submit" type="submit" disabled={flow.busy} aria-busy={flow.busy}>
          {flow.busy ? t('totp.busy') : t('totp.submit')}
        </button>
      </div>
    </form>
  );
}
