import { useEffect, useId, useLayoutEffect, useRef, type ReactNode, type SyntheticEvent } from 'react';

export type DialogProps = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Optional description under the title, announced with the dialog. */
  description?: ReactNode;
  size?: 'small' | 'medium' | 'large';
  /** False while the dialog must not be dismissed (the one-time reveal): Escape then does nothing. */
  escapeCloses?: boolean;
};

/**
 * A modal dialog on the browser's own `<dialog>.showModal()`: the page behind it is inert (so Tab
 * stays inside), Escape is the dialog's `cancel` event, and on close focus goes back where it was.
 * Focus moves in on open to the first field, or the first button. A click on the backdrop does not
 * close it: a stray click must not throw away a half-filled form.
 *
 * The dialog is open for as long as it is rendered: the caller closes it by no longer rendering it,
 * so the browser never closes it behind React's back (see `onNativeClose`).
 */
export function Dialog({ title, onClose, children, description, size = 'medium', escapeCloses = true }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const latest = useRef({ onClose, escapeCloses });
  useEffect(() => {
    latest.current = { onClose, escapeCloses };
  });

  // Opened before the first paint, so it never shows closed for a frame.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // `data-autofocus` wins: in the reveal dialog the first field is a confirmation that must not be
    // ticked by a stray Space, so focus starts on Copy.
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled])') ??
      dialog.querySelector<HTMLElement>('button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])');
    (first ?? dialog).focus();
    return () => {
      // Closed first: while it is modal, the opener is inert and cannot take focus back.
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  /** Escape: the dialog asks to close, and the caller decides (by no longer rendering it). */
  function onCancel(event: SyntheticEvent<HTMLDialogElement>) {
    event.preventDefault();
    if (latest.current.escapeCloses) latest.current.onClose();
  }

  /**
   * Chromium lets a page refuse Escape only once per user action: a second Escape in a row closes the
   * dialog whatever `cancel` says. Then a dialog that may be dismissed tells its caller, and one that
   * may not (the reveal) opens again at once.
   */
  function onNativeClose(event: SyntheticEvent<HTMLDialogElement>) {
    const dialog = event.currentTarget;
    // The event comes a task later: by then the dialog may be open again (React's StrictMode runs
    // the effect twice in development) or gone with its own unmount.
    if (dialog.open || !dialog.isConnected) return;
    if (latest.current.escapeCloses) latest.current.onClose();
    else dialog.showModal();
  }

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      // showModal already makes it modal for assistive technology; said again for those that read only ARIA.
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      tabIndex={-1}
      onCancel={onCancel}
      onClose={onNativeClose}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {description ? (
        <div id={descriptionId} className="dialog__description">
          {description}
        </div>
      ) : null}
      {children}
    </dialog>
  );
}
