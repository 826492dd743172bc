import { useCallback, useRef, useState } from 'react';
import type { DeskError } from '../../../../electron/contract/errors.ts';
import type { PlainMessageKey } from '../../i18n/translate.ts';
import { useSession } from '../../state/context.tsx';

/** Same rule as the contract's OperatorId, checked here so the user gets a precise message. */
const OPERATOR_ID = /^[A-Za-z0-9._-]{1,32}$/;
const TOTP_CODE = /^\d{6}$/;

export type LoginStep = 'credentials' | 'totp';
/** Either a desk error (localized by code) or a local validation message. */
export type LoginProblem = { kind: 'desk'; error: DeskError } | { kind: 'local'; key: PlainMessageKey };

export interface LoginFlow {
  step: LoginStep;
  operatorId: string;
  password: string;
  code: string;
  busy: boolean;
  problem: LoginProblem | null;
  /** True from the first submit on this screen: why the last session ended is old news then. */
  attempted: boolean;
  setOperatorId(value: string): void;
  setPassword(value: string): void;
  setCode(value: string): void;
  submitCredentials(): Promise<void>;
  submitCode(): Promise<void>;
  back(): void;
}

/**
 * The two-step sign-in. The operator ID survives every failure and the TOTP step; the
 * password field is emptied after each failure. Between the steps the password is held
 * in a ref (memory of this component only) because the TOTP login resends it; it is
 * dropped on Back, on failure and when the screen unmounts after success.
 */
export function useLoginFlow(): LoginFlow {
  const login = useSession((s) => s.login);
  const [step, setStep] = useState<LoginStep>('credentials');
  const [operatorId, setOperatorId] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<LoginProblem | null>(null);
  const [attempted, setAttempted] = useState(false);
  const pendingPassword = useRef<string | null>(null);

  const failToCredentials = useCallback((next: LoginProblem) => {
    pendingPassword.current = null;
    setPassword('');
    setCode('');
    setStep('credentials');
    setProblem(next);
  }, []);

  const submitCredentials = useCallback(async () => {
    if (busy) return;
    setAttempted(true);
    const id = operatorId.trim();
    if (id === '' || password === '') return setProblem({ kind: 'local', key: 'login.required' });
    if (!OPERATOR_ID.test(id)) return setProblem({ kind: 'local', key: 'login.operatorIdInvalid' });
    setBusy(true);
    setProblem(null);
    const result = await login({ operatorId: id, password });
    setBusy(false);
    if (result.ok) return;
    if (result.error.code === 'totp_required') {
      pendingPassword.current = password;
      setPassword('');
      setCode('');
      setStep('totp');
      return;
    }
    failToCredentials({ kind: 'desk', error: result.error });
  }, [busy, operatorId, password, login, failToCredentials]);

  const submitCode = useCallback(async () => {
    if (busy) return;
    const secret = pendingPassword.current;
    if (secret === null) return failToCredentials({ kind: 'local', key: 'login.required' });
    if (!TOTP_CODE.test(code)) return setProblem({ kind: 'local', key: 'totp.invalidFormat' });
    setBusy(true);
    setProblem(null);
    const result = await login({ operatorId: operatorId.trim(), password: secret, totp: code });
    setBusy(false);
    if (result.ok) {
      pendingPassword.current = null;
      return;
    }
    if (result.error.code === 'totp_invalid') {
      setCode('');
      setProblem({ kind: 'desk', error: result.error });
      return;
    }
    failToCredentials({ kind: 'desk', error: result.error });
  }, [busy, code, operatorId, login, failToCredentials]);

  const back = useCallback(() => {
    if (busy) return;
    pendingPassword.current = null;
    setCode('');
    setPassword('');
    setProblem(null);
    setStep('credentials');
  }, [busy]);

  return {
    step,
    operatorId,
    password,
    code,
    busy,
    problem,
    attempted,
    setOperatorId,
    setPassword,
    setCode: (value: string) => setCode(value.replace(/\D/g, '').slice(0, 6)),
    submitCredentials,
    submitCode,
    back,
  };
}
