import { useT } from '../../state/context.tsx';
import { usePhone } from './phone-context.tsx';

/** 注册中 / 已注册 / 已断开, with the reason when there is one. */
export function RegistrationStatus() {
  const t = useT();
  const registration = usePhone((s) => s.registration);
  const problem = registration.status === 'unregistered' ? registration.problem : registration.status === 'registering' ? registration.lastProblem : null;
  const server = registration.status === 'registered' ? registration.server : null;
  return (
    <div
      className={`phone-registration phone-registration--${registration.status}`}
      role="status"
      data-testid="phone-registration"
      data-state={registration.status}
      data-server={server ?? ''}
      title={server === null ? undefined : t('phone.registration.server', { server })}
    >
      <span className="phone-registration__dot" aria-hidden="true" />
      <span className="phone-registration__label">{t(`phone.registration.${registration.status}`)}</span>
      {problem !== null && (
        <span className="phone-registration__detail" data-testid="phone-registration-problem" data-problem={problem}>
          {t(`phone.problem.${problem}`)}
        </span>
      )}
    </div>
  );
}
