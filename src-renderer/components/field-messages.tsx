import { useId, type ReactNode } from 'react';

/** Ids for a field and its messages, and the `aria-describedby` that links whichever are shown. */
export function useFieldIds(shown: { error?: unknown; hint?: unknown; counter?: boolean }) {
  const id = useId();
  const ids = { id, errorId: `${id}-error`, hintId: `${id}-hint`, counterId: `${id}-counter` };
  const describedBy =
    [shown.error ? ids.errorId : null, shown.hint ? ids.hintId : null, shown.counter ? ids.counterId : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return { ...ids, describedBy };
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
