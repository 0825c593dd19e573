import { useId, type Ref, type TextareaHTMLAttributes } from 'react';

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
  const id = useId();
  const counterId = `${id}-counter`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [error ? errorId : null, hint ? hintId : null, max !== undefined ? counterId : null].filter(Boolean).join(' ') ||
    undefined;
  const over = max !== undefined && value.length > max;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <div className="field__label-row">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {max !== undefined ? (
          <span id={counterId} className={`field__counter${over ? ' field__counter--over' : ''}`}>
            {value.length}/{max}
          </span>
        ) : null}
      </div>
      <textarea
        {...rest}
        ref={textareaRef}
        id={id}
        rows={rows}
        className="input textarea"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
