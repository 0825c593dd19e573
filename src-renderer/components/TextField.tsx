import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { fieldClass, FieldMessages, useFieldControl } from './field-messages.js';

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
  const { control, errorId, hintId } = useFieldControl({ value, onChange, error, hint });
  return (
    <div className={fieldClass(error, className)}>
      <label htmlFor={control.id} className="field__label">
        {label}
      </label>
      <input {...rest} {...control} ref={inputRef} className="input" />
      <FieldMessages errorId={errorId} hintId={hintId} error={error} hint={hint} />
    </div>
  );
}
