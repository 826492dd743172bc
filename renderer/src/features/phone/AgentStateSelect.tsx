import { useId } from 'react';
import { useLocalized, useT } from '../../state/context.tsx';
import type { Availability } from './agent-state.ts';
import { usePhone } from './phone-context.tsx';
import { ReadyHold } from '../kb/mandatory/ReadyHold.tsx';

const NO_REASONS: readonly never[] = [];
const encode = (a: Availability): string => (a.kind === 'not-ready' ? `not-ready:${a.reasonCode}` : a.kind);
const decode = (value: string): Availability =>
  value === 'ready' ? { kind: 'ready' } : value.startsWith('not-ready:') ? { kind: 'not-ready', reasonCode: value.slice('not-ready:'.length) } : { kind: 'unset' };

/** 示闲 / 示忙（reason）, and what the institution was last told. */
export function AgentStateSelect() {
  const t = useT();
  const pick = useLocalized();
  const id = useId();
  const availability = usePhone((s) => s.availability);
  const reasons = usePhone((s) => s.codes?.notReadyReasons ?? NO_REASONS);
  const reported = usePhone((s) => s.reported);
  const setAvailability = usePhone((s) => s.setAvailability);
  const refused = usePhone((s) => s.problem === 'kb-mandatory-pending');
  return (
    <div className="phone-agent">
      <label className="field__label" htmlFor={id}>
        {t('phone.agent.label')}
      </label>
      <select
        id={id}
        className={`field__input phone-agent__select phone-agent__select--${availability.kind}`}
        data-testid="phone-agent-state"
        value={encode(availability)}
        onChange={(event) => setAvailability(decode(event.target.value))}
      >
        {availability.kind === 'unset' && (
          <option value="unset" disabled>
            {t('phone.agent.unset')}
          </option>
        )}
        <option value="ready">{t('phone.agent.ready')}</option>
        {reasons.map((reason) => (
          <option key={reason.code} value={`not-ready:${reason.code}`}>
            {t('phone.agent.notReady', { reason: pick(reason.label) })}
          </option>
        ))}
      </select>
      <p className="phone-agent__note" data-testid="phone-agent-reported" data-state={reported?.state ?? ''}>
        {availability.kind === 'unset' ? t('phone.agent.unsetHint') : reported ? t('phone.agent.reported', { state: t(`phone.state.${reported.state}`) }) : '\u00a0'}
      </p>
      <ReadyHold refused={refused} />
    </div>
  );
}
