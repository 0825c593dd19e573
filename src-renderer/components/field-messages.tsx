import { useId, type ChangeEvent, type ReactNode } from 'react';

export type FieldControlOptions = {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  /** The field shows an "x/max" counter, which its control refers to as well. */
  counter?: boolean;
};

/**
 * What a text field's control (an input or a textarea) is given, wired to its label, hint, counter
 * and error for screen readers; and the ids those carry.
 */
export function useFieldControl({ value, onChange, error, hint, counter = false }: FieldControlOptions) {
  const id = useId();
  const ids = { errorId: `${id}-error`, hintId: `${id}-hint`, counterId: `${id}-counter` };
  const describedBy =
    [error ? ids.errorId : null, hint ? ids.hintId : null, counter ? ids.counterId : null].filter(Boolean).join(' ') ||
    undefined;
  const control = {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
  };
  return { ...ids, control };
}

export type FieldMessagesProps = { errorId: string; hintId: string; error?: string | undefined; hint?: ReactNode };

/** The error (red) and the hint under a field, with the ids its input refers to. */
export function FieldMessages({ errorId, hintId, error, hint }: FieldMessagesProps) {
  return (
    <>
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
    </>
  );
}

/** The classes of a field's frame: marked when it has an error. */
export function fieldClass(error: string | undefined, className: string | undefined): string {
  return `field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`;
}
