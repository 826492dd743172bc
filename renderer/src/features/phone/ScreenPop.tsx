import { useT } from '../../state/context.tsx';
import { useInbound } from './inbound-context.tsx';

/**
 * The screen pop: who is calling, from the first ring until the call ends. Everything here
 * was masked by the institution before it left the server; the desk never had more.
 */
export function ScreenPop() {
  const t = useT();
  const pop = useInbound((s) => s.pop, null);
  if (pop === null) return null;
  return (
    <section className="screen-pop" aria-label={t('phone.pop.heading')} data-testid="phone-screen-pop" data-status={pop.status}>
      <h3 className="phone-section-title">{t('phone.pop.heading')}</h3>
      <dl className="screen-pop__fields">
        <Field label={t('phone.pop.caller')} value={pop.caller} testId="phone-pop-caller" />
        {pop.status === 'found' && (
          <>
            <Field label={t('phone.pop.name')} value={pop.customer.maskedName} testId="phone-pop-name" />
            <Field label={t('phone.pop.idNumber')} value={pop.customer.maskedIdNumber} testId="phone-pop-id" />
            {pop.customer.cardLast4 !== null && <Field label={t('phone.pop.card')} value={pop.customer.cardLast4} testId="phone-pop-card" />}
            <Field label={t('phone.pop.tier')} value={t(`phone.pop.tier.${pop.customer.tier}`)} testId="phone-pop-tier" />
            <Field label={t('phone.pop.openTickets')} value={String(pop.customer.openTickets)} testId="phone-pop-tickets" />
          </>
        )}
      </dl>
      {pop.status === 'found' ? (
        <p className="screen-pop__note">{t('phone.pop.masked')}</p>
      ) : (
        <p className="screen-pop__note" role="status">
          {t(`phone.pop.${pop.status}`)}
        </p>
      )}
    </section>
  );
}

function Field({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="screen-pop__field">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
