import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { FieldMessages, useFieldIds } from './field-messages.js';

export type TextFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the field in red; also makes the input aria-invalid. */
  error?: string | undefined;
  hint?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>;

/** Label, input, hint and error message, wired together for screen readers. */
export function TextField({ label, value, onChange, error, hint, inputRef, className, ...rest }: TextFieldProps) {
  const { id, errorId, hintId, describedBy } = useFieldIds({ error, hint });
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        {...rest}
        ref={inputRef}
        id={id}
        className="input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldMessages errorId={errorId} hintId={hintId} error={error} hint={hint} />
    </div>
  );
}
