import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
  type SyntheticEvent,
} from 'react';
import { FormActions } from './FormActions.js';

export type DialogProps = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Optional description under the title, announced with the dialog. */
  description?: ReactNode;
  size?: 'small' | 'medium' | 'large';
  /** False while the dialog must not be dismissed (the one-time reveal): Escape then does nothing. */
  escapeCloses?: boolean;
  /**
   * The form holds input the user has not saved: Escape or a click outside then asks "Discard
   * changes?" before closing. (Cancel is an explicit choice and closes at once.)
   */
  dirty?: boolean;
};

/**
 * A modal dialog on the browser's own `<dialog>.showModal()`: the page behind it is inert (so Tab
 * stays inside), Escape is the dialog's `cancel` event, and on close focus goes back where it was.
 * Focus moves in on open to the first field, or the first button. Escape and a click on the backdrop
 * close it, but never silently throw away input: with `dirty`, both ask "Discard changes?" first.
 *
 * The dialog is open for as long as it is rendered: the caller closes it by no longer rendering it,
 * so the browser never closes it behind React's back (see `onNativeClose`).
 */
export function Dialog(props: DialogProps) {
  const { title, onClose, children, description, size = 'medium', escapeCloses = true, dirty = false } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const [asking, setAsking] = useState(false);
  const latest = useRef({ onClose, escapeCloses, dirty });
  useEffect(() => {
    latest.current = { onClose, escapeCloses, dirty };
  });

  /** Escape or a click outside: closes, after asking when there is unsaved input. Reads only refs and setState. */
  const dismiss = useCallback(() => {
    if (!latest.current.escapeCloses) return;
    if (latest.current.dirty) setAsking(true);
    else latest.current.onClose();
  }, []);

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
    // The discard prompt is a dialog inside this one: its own Escape is its own.
    if (event.target !== event.currentTarget) return;
    event.preventDefault();
    dismiss();
  }

  /**
   * A click on the backdrop: the pointer's twin of Escape (the keyboard's way, through `cancel`).
   * Listened to on the element itself, as the backdrop is no element React could give a handler. The
   * dialog's box is the target of clicks on its padding too, so only a click outside the box counts.
   */
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onClick = (event: MouseEvent) => {
      if (event.target !== dialog) return;
      const box = dialog.getBoundingClientRect();
      const inside =
        event.clientX >= box.left &&
        event.clientX <= box.right &&
        event.clientY >= box.top &&
        event.clientY <= box.bottom;
      if (!inside) dismiss();
    };
    dialog.addEventListener('click', onClick);
    return () => dialog.removeEventListener('click', onClick);
  }, [dismiss]);

  /**
   * Chromium lets a page refuse Escape only once per user action: a second Escape in a row closes the
   * dialog whatever `cancel` says. Then a dialog that may be dismissed tells its caller, and one that
   * may not (the reveal) opens again at once.
   */
  function onNativeClose(event: SyntheticEvent<HTMLDialogElement>) {
    const dialog = event.currentTarget;
    // The event comes a task later: by then the dialog may be open again (React's StrictMode runs
    // the effect twice in development) or gone with its own unmount.
    if (dialog.open || !dialog.isConnected || event.target !== event.currentTarget) return;
    if (latest.current.escapeCloses && !latest.current.dirty) {
      latest.current.onClose();
      return;
    }
    dialog.showModal();
    if (latest.current.escapeCloses) setAsking(true);
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
      {asking ? <DiscardPrompt onKeep={() => setAsking(false)} onDiscard={() => latest.current.onClose()} /> : null}
    </dialog>
  );
}

/** Asked before unsaved input is thrown away; Keep editing has the focus, so a second Escape keeps it too. */
function DiscardPrompt({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  return (
    <Dialog
      title="Discard changes?"
      size="small"
      onClose={onKeep}
      description={<p>What you entered here will be lost.</p>}
    >
      <FormActions local label="Discard" tone="danger" onAct={onDiscard} onCancel={onKeep} cancelLabel="Keep editing" />
    </Dialog>
  );
}
