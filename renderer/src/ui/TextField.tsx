import type { InputHTMLAttributes, Ref } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'className' | 'value' | 'onChange'> {
  label: string;
  value: string;
  onValue(value: string): void;
  inputRef?: Ref<HTMLInputElement>;
  testId: string;
  /** Wide-spaced digits for one-time codes. */
  variant?: 'code';
}

/** A labelled text input: the one shape every form of the desk uses (login, TOTP, unlock). */
export function TextField({ label, value, onValue, inputRef, testId, variant, ...input }: TextFieldProps) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        {...input}
        ref={inputRef}
        className={variant === 'code' ? 'field__input field__input--code' : 'field__input'}
        data-testid={testId}
        value={value}
        onChange={(e) => onValue(e.target.value)}
      />
    </label>
  );
}
