import { useT } from '../../state/context.tsx';
import { usePhone } from './phone-context.tsx';
import './wrap-up.css';

const fixed = (n: number, digits: number) => n.toFixed(digits);

/**
 * The live call quality (quality.ts): MOS estimate, round trip, jitter and loss of the last
 * interval, with a warning chip for each figure past its threshold.
 */
export function CallQuality({ callId }: { callId: string }) {
  const t = useT();
  const quality = usePhone((s) => (s.quality?.callId === callId ? s.quality : null));
  if (quality === null) {
    return (
      <p className="phone-quality" data-testid="phone-call-quality" data-mos="">
        {t('phone.quality.pending')}
      </p>
    );
  }
  const { sample, warnings } = quality;
  return (
    <div className="phone-quality" role="group" aria-label={t('phone.quality.heading')} data-testid="phone-call-quality" data-mos={sample.mos === null ? '' : fixed(sample.mos, 2)} data-warnings={warnings.join(' ')}>
      {sample.mos !== null && <span className="phone-quality__value">{t('phone.quality.mos', { value: fixed(sample.mos, 1) })}</span>}
      {sample.rttMs !== null && <span className="phone-quality__value">{t('phone.quality.rtt', { value: fixed(sample.rttMs, 0) })}</span>}
      {sample.jitterMs !== null && <span className="phone-quality__value">{t('phone.quality.jitter', { value: fixed(sample.jitterMs, 0) })}</span>}
      {sample.lossPercent !== null && <span className="phone-quality__value">{t('phone.quality.loss', { value: fixed(sample.lossPercent, 1) })}</span>}
      {warnings.map((w) => (
        <span key={w} className="chip chip--warning" data-testid={`phone-quality-warning-${w}`} role="status">
          {t(`phone.quality.warning.${w}`)}
        </span>
      ))}
    </div>
  );
}
