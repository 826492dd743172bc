import { useId } from 'react';
import { useT } from '../../state/context.tsx';
import type { DtmfTransport } from './engine.ts';
import { usePhone } from './phone-context.tsx';

const transportOf = (value: string): DtmfTransport => (value === 'info' ? 'info' : 'rfc4733');

/** The call bar's phone settings: how key tones (DTMF) are sent. Reads the phone store only. */
export function PhoneSettings() {
  const t = useT();
  const id = useId();
  const transport = usePhone((s) => s.dtmfTransport);
  const setTransport = usePhone((s) => s.setDtmfTransport);
  return (
    <details className="phone-settings" data-testid="phone-settings">
      <summary>{t('phone.settings')}</summary>
      <label className="field__label" htmlFor={id}>
        {t('phone.dtmf.transport')}
      </label>
      <select id={id} className="field__input" data-testid="phone-dtmf-transport" value={transport} onChange={(event) => setTransport(transportOf(event.target.value))}>
        <option value="rfc4733">{t('phone.dtmf.rfc4733')}</option>
        <option value="info">{t('phone.dtmf.info')}</option>
      </select>
    </details>
  );
}
