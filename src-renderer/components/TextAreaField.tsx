import type { Ref, TextareaHTMLAttributes } from 'react';
import { fieldClass, FieldMessages, useFieldControl } from './field-messages.js';

export type TextAreaFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shows "x/max" next to the label, red once over; the limit itself is the schema's to enforce. */
  max?: number;
  error?: string | undefined;
  hint?: string | undefined;
  textareaRef?: Ref<HTMLTextAreaElement>;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'id'>;

/** Label, multi-line input, counter, hint and error, wired together for screen readers. */
export function TextAreaField({
  label,
  value,
  onChange,
  max,
  error,
  hint,
  textareaRef,
  className,
  rows = 3,
  ...rest
}: TextAreaFieldProps) {
  const { control, errorId, hintId, counterId } = useFieldControl({
    value,
    onChange,
    error,
    hint,
    counter: max !== undefined,
  });
  const over = max !== undefined && value.length > max;
  return (
    <div className={fieldClass(error, className)}>
      <div className="field__label-row">
        <label htmlFor={control.id} className="field__label">
          {label}
        </label>
        {max !== undefined ? (
          <span id={counterId} className={`field__counter${over ? ' field__counter--over' : ''}`}>
            {value.length}/{max}
          </span>
        ) : null}
      </div>
      <textarea {...rest} {...control} ref={textareaRef} rows={rows} className="input textarea" />
      <FieldMessages errorId={errorId} hintId={hintId} error={error} hint={hint} />
    </div>
  );
}
