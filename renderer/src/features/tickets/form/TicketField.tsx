import { useState, type ReactNode } from 'react';
import { SENSITIVE_ATTRIBUTE } from '../../../../../electron/contract/protected-area.ts';
import type { SealedField } from '../../../../../institution/contract/ticket-crypto.ts';
import { useT } from '../../../state/context.tsx';
import type { FieldSpec } from './form-model.ts';
import { currencyOf, type RawValues } from './form-values.ts';
import { maskFor } from './seal.ts';

/** Currencies the amount picker offers first (the schema's `currency-code` accepts any ISO 4217 code). */
const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'GBP', 'JPY'];

export interface TicketFieldProps {
  field: FieldSpec;
  /** `ticket-field-<name>`: the field's id stem (inputs, help and error ids derive from it). */
  id: string;
  raw: RawValues;
  sealed: SealedField | undefined;
  sealing: boolean;
  sealFailed: boolean;
  /** The problem to show now (null: none, or not yet — the agent has not left the field). */
  error: string | null;
  disabled: boolean;
  onEdit(pointer: string, value: string | boolean): void;
  onLeave(pointer: string): void;
}

const testIdOf = (pointer: string) => `ticket-field-${pointer.slice(1).replace(/\//g, '.')}`;

/**
 * One field of the ticket form: label (with 必填), the widget its UI schema names, help
 * text, and its problem, tied to the input with aria-invalid / aria-describedby. Sensitive
 * fields sit in a `data-desk-sensitive` region (the input guard never lets them be copied
 * out) and show a mask once sealed; focusing one again lets the agent type a new value.
 */
export function TicketField(props: TicketFieldProps) {
  const { field, id, raw, error, disabled, onEdit, onLeave } = props;
  const t = useT();
  const [editing, setEditing] = useState(false);
  const text = typeof raw[field.pointer] === 'string' ? (raw[field.pointer] as string) : '';
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;
  const mask = props.sealed === undefined ? null : maskFor(field, props.sealed);
  const status = props.sealing ? t('ticketForm.sealing') : mask !== null && !editing ? t('ticketForm.sealed') : null;
  const describedBy = [field.help === undefined ? null : helpId, error !== null ? errorId : status !== null ? statusId : null].filter((x) => x !== null).join(' ') || undefined;
  const common = {
    id,
    disabled,
    'aria-invalid': error !== null,
    'aria-describedby': describedBy,
    'aria-required': field.required,
    'data-testid': testIdOf(field.pointer),
  };
  const leave = () => onLeave(field.pointer);

  let control: ReactNode;
  switch (field.widget) {
    case 'textarea':
      control = <textarea {...common} className="ticket-field__input ticket-field__textarea" rows={4} value={text} placeholder={field.placeholder} onChange={(e) => onEdit(field.pointer, e.target.value)} onBlur={leave} />;
      break;
    case 'checkbox':
      control = <input {...common} type="checkbox" className="ticket-field__check" checked={raw[field.pointer] === true} onChange={(e) => onEdit(field.pointer, e.target.checked)} onBlur={leave} />;
      break;
    case 'select':
      control = (
        <select {...common} className="ticket-field__input" value={text} onChange={(e) => onEdit(field.pointer, e.target.value)} onBlur={leave}>
          <option value="">{t('ticketForm.choose')}</option>
          {(field.options ?? []).map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'radio':
      control = (
        <div className="ticket-field__radios" role="radiogroup" aria-labelledby={`${id}-label`} aria-invalid={error !== null} aria-describedby={describedBy} data-testid={testIdOf(field.pointer)}>
          {(field.options ?? []).map((o, i) => (
            <label key={String(o.value)} className="ticket-field__radio">
              <input id={i === 0 ? id : undefined} type="radio" name={id} disabled={disabled} value={String(o.value)} checked={text === String(o.value)} onChange={() => onEdit(field.pointer, String(o.value))} onBlur={leave} />
              {o.label}
            </label>
          ))}
        </div>
      );
      break;
    case 'money': {
      const currency = currencyOf(field, raw);
      const options = CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES];
      control = (
        <span className="ticket-field__money">
          <input {...common} type="text" inputMode="decimal" autoComplete="off" className="ticket-field__input" aria-label={`${field.title} ${t('ticketForm.amount')}`} value={text} placeholder={field.placeholder ?? '0.00'} onChange={(e) => onEdit(field.pointer, e.target.value)} onBlur={leave} />
          <select className="ticket-field__input ticket-field__currency" disabled={disabled} aria-label={`${field.title} ${t('ticketForm.currency')}`} data-testid={`${testIdOf(field.pointer)}-currency`} value={currency} onChange={(e) => onEdit(`${field.pointer}/currency`, e.target.value)} onBlur={leave}>
            {options.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </span>
      );
      break;
    }
    default: {
      const sealedShown = mask !== null && !editing && text === '';
      control = (
        <input
          {...common}
          type={field.widget === 'date' ? 'date' : 'text'}
          inputMode={field.widget === 'card-number' || field.widget === 'id-number' ? 'numeric' : field.widget === 'phone' ? 'tel' : undefined}
          autoComplete="off"
          spellCheck={false}
          className={sealedShown ? 'ticket-field__input ticket-field__input--sealed' : 'ticket-field__input'}
          value={sealedShown ? mask : text}
          placeholder={mask !== null ? t('ticketForm.replace', { mask }) : field.placeholder}
          readOnly={props.sealing}
          onFocus={() => setEditing(true)}
          onChange={(e) => onEdit(field.pointer, e.target.value)}
          onBlur={() => {
            setEditing(false);
            leave();
          }}
        />
      );
    }
  }

  const sensitive = field.sensitive ? { [SENSITIVE_ATTRIBUTE]: '' } : {};
  return (
    <div className={error === null ? 'ticket-field' : 'ticket-field ticket-field--invalid'} {...sensitive}>
      <label id={`${id}-label`} className="ticket-field__label" htmlFor={id}>
        {field.title}
        {/* aria-required says it to assistive technology; the badge is for the eye (and keeps the field's name clean). */}
        {field.required && (
          <span className="ticket-field__required" aria-hidden="true">
            {t('ticketForm.requiredMark')}
          </span>
        )}
      </label>
      {control}
      {field.help !== undefined && (
        <p id={helpId} className="ticket-field__help">
          {field.help}
        </p>
      )}
      {/* One line kept for the problem or the sealing status, empty or not: a message appearing as
          the agent leaves a field must not push the buttons away under their pointer (a click on
          提交 that starts on a field's blur would land beside the button and file nothing). */}
      {error !== null ? (
        <p id={errorId} className="ticket-field__message ticket-field__error" data-testid={`${testIdOf(field.pointer)}-error`}>
          {error}
        </p>
      ) : status !== null ? (
        <p id={statusId} className="ticket-field__message ticket-field__status" data-testid={`${testIdOf(field.pointer)}-status`}>
          {status}
        </p>
      ) : (
        <p className="ticket-field__message" aria-hidden="true" />
      )}
    </div>
  );
}
