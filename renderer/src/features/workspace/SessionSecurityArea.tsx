import type { ReactNode } from 'react';
import { useLocalized, useSession, useT } from '../../state/context.tsx';
import { currentOperator } from '../../state/session-store.ts';
import { connectionKeys, permissionKeys, roleKeys } from '../../i18n/labels.ts';

/** "会话与安全": who is signed in, on which workstation, under which institution policy. */
export function SessionSecurityArea() {
  const t = useT();
  const pick = useLocalized();
  const operator = useSession(currentOperator);
  const workstationId = useSession((s) => s.workstationId);
  const institutionName = useSession((s) => s.institutionName);
  const connection = useSession((s) => s.connection);
  const policy = useSession((s) => s.policy);
  if (!operator) return null;

  return (
    <div className="overview">
      {/* tabIndex -1: where the focus lands after sign-in (use-workspace-focus.ts), not a Tab stop. */}
      <h1 className="overview__heading" tabIndex={-1}>
        {t('overview.heading')}
      </h1>
      <div className="overview__grid">
        <Card title={t('overview.operatorSection')}>
          <dl className="card__rows">
            <Row label={t('overview.displayName')}>{operator.displayName}</Row>
            <Row label={t('overview.operatorId')}>
              <span className="mono">{operator.id}</span>
            </Row>
            <Row label={t('overview.roles')}>
              <ChipList items={operator.roles.map((role) => ({ key: role, text: t(roleKeys[role]) }))} />
            </Row>
            <Row label={t('overview.team')}>
              {/* The name people know the team by; its id only from an institution that sends no name. */}
              {operator.team === null ? t('overview.noTeam') : (operator.teamName ?? operator.team)}
            </Row>
            <Row label={t('overview.totp')}>{operator.totpEnabled ? t('overview.totpOn') : t('overview.totpOff')}</Row>
          </dl>
        </Card>

        <Card title={t('overview.workstationSection')}>
          <dl className="card__rows">
            {institutionName && <Row label={t('overview.institution')}>{pick(institutionName)}</Row>}
            <Row label={t('overview.workstationId')}>
              <span className="mono">{workstationId}</span>
            </Row>
            <Row label={t('overview.connection')}>
              <span className={`connection connection--${connection}`}>
                <span className="connection__dot" aria-hidden="true" />
                {t(connectionKeys[connection])}
              </span>
            </Row>
          </dl>
        </Card>

        {policy && (
          <Card title={t('overview.policySection')}>
            <dl className="card__rows">
              <Row label={t('overview.idleLock')}>{t('overview.idleLockValue', { seconds: policy.idleLockSeconds })}</Row>
              <Row label={t('overview.watermark')}>{policy.watermark ? t('overview.on') : t('overview.off')}</Row>
            </dl>
            <p className="overview__note">{t('overview.policyNote')}</p>
          </Card>
        )}

        <Card title={t('overview.permissions')}>
          {operator.permissions.length === 0 ? (
            <p className="overview__empty">{t('overview.noPermissions')}</p>
          ) : (
            <ChipList items={operator.permissions.map((p) => ({ key: p, text: t(permissionKeys[p]) }))} />
          )}
        </Card>
      </div>
    </div>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2 className="card__title">{title}</h2>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ChipList({ items }: { items: { key: string; text: string }[] }) {
  return (
    <ul className="chip-list">
      {items.map((item) => (
        <li key={item.key} className="chip">
          {item.text}
        </li>
      ))}
    </ul>
  );
}
