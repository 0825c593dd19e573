import { useCallback, useRef, useState, type FocusEvent } from 'react';

/**
 * When a form shows a field's error: once the user changed the field and then left it (blur), or
 * tried to submit. A dialog that has just opened shows none, and nothing is judged mid-typing. The one
 * way every form decides it.
 */
export function useTouched<F extends string>() {
  // What changed is not shown by itself, so it needs no render.
  const changed = useRef(new Set<F>());
  const [touched, setTouched] = useState<ReadonlySet<F>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);

  /** The field's value changed (call from its onChange). */
  const change = useCallback((field: F) => void changed.current.add(field), []);

  /**
   * Put on the field's control or on an element around a group of controls (a picker): focus leaving
   * it after a change marks the field touched; moving between its own controls does not.
   */
  const blurOf = useCallback(
    (field: F) => (event: FocusEvent<HTMLElement>) => {
      const next = event.relatedTarget;
      if (next instanceof Node && event.currentTarget.contains(next)) return;
      if (changed.current.has(field)) setTouched((was) => (was.has(field) ? was : new Set(was).add(field)));
    },
    [],
  );

  return {
    change,
    blurOf,
    /** The user tried to submit: every field's error shows from now on. */
    submit: useCallback(() => setSubmitted(true), []),
    submitted,
    shows: (field: F) => submitted || touched.has(field),
  };
}
