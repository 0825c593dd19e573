/**
 * happy-dom's `<dialog>` only sets and removes `open`. A browser also turns Escape into the top modal
 * dialog's `cancel` event (closing it unless that is refused), and sends `close` a task later, not
 * during `close()`. The app's Dialog (components/Dialog.tsx) relies on both, so the renderer's tests
 * add that much here, and only here: production code runs on the browser's own `<dialog>`.
 */

const modals: HTMLDialogElement[] = [];
const proto = HTMLDialogElement.prototype;

proto.showModal = function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
  modals.push(this);
};

proto.close = function (this: HTMLDialogElement, returnValue?: string) {
  const at = modals.indexOf(this);
  if (at >= 0) modals.splice(at, 1);
  if (!this.open) return;
  this.removeAttribute('open');
  this.returnValue = returnValue ?? '';
  queueMicrotask(() => this.dispatchEvent(new Event('close')));
};

document.addEventListener('keydown', (event) => {
  // A handler that took the key for itself (a menu closing) keeps it from the dialog, as in a browser.
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  const top = modals.filter((dialog) => dialog.open && dialog.isConnected).at(-1);
  if (top?.dispatchEvent(new Event('cancel', { cancelable: true }))) top.close();
});
