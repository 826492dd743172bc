import { useLocalized, useSession, useT } from '../../state/context.tsx';
import { currentOperator } from '../../state/session-store.ts';
import { roleKeys } from '../../i18n/labels.ts';

export function WorkspaceHeader() {
  const t = useT();
  const pick = useLocalized();
  const institutionName = useSession((s) => s.institutionName);
  const operator = useSession(currentOperator);
  const lock = useSession((s) => s.lock);
  if (!operator) return null;

  return (
    <header className="workspace-header">
      <div className="workspace-header__brand">
        <span className="workspace-header__product">{t('app.productName')}</span>
        {institutionName && <span className="workspace-header__institution">{pick(institutionName)}</span>}
      </div>
      <div className="workspace-header__operator">
        <span className="workspace-header__name" data-testid="operator-name">
          {t('header.operator', { name: operator.displayName, id: operator.id })}
        </span>
        <ul className="workspace-header__roles" aria-label={t('header.roles')}>
          {operator.roles.map((role) => (
            <li key={role} className="chip chip--dark">
              {t(roleKeys[role])}
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button button--header"
          title={t('header.lockTitle')}
          aria-keyshortcuts="Control+Alt+L"
          onClick={() => void lock()}
        >
          {t('header.lock')}
        </button>
      </div>
    </header>
  );
}
