import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog.js';

type HostProps = { escapeCloses?: boolean };

/** A page with a button that opens a small form in a dialog, as the screens do. */
function Host({ escapeCloses = true }: HostProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open ? (
        <Dialog title="Rename" escapeCloses={escapeCloses} onClose={() => setOpen(false)}>
          <button type="button">Help</button>
          <label>
            Name
            <input />
          </label>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </Dialog>
      ) : null}
    </>
  );
}

function open(): HTMLDialogElement {
  const opener = screen.getByRole('button', { name: 'Open' });
  opener.focus();
  fireEvent.click(opener);
  return screen.getByRole<HTMLDialogElement>('dialog', { name: 'Rename' });
}

const microtasks = () => act(() => Promise.resolve());

afterEach(cleanup);

describe('Dialog', () => {
  it('is the browser’s own modal <dialog>, opened with showModal, focus on the first field', () => {
    const showModal = vi.spyOn(HTMLDialogElement.prototype, 'showModal');
    render(<Host />);
    const dialog = open();
    expect(dialog.tagName).toBe('DIALOG');
    expect(showModal).toHaveBeenCalledOnce();
    expect(dialog.open).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' }));
    showModal.mockRestore();
  });

  it('closes on Escape through the dialog’s cancel event, and gives focus back to the opener', async () => {
    render(<Host />);
    const dialog = open();
    const cancel = vi.fn();
    dialog.addEventListener('cancel', cancel);
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Name' }), { key: 'Escape' });
    expect(cancel).toHaveBeenCalledOnce();
    expect(screen.queryByRole('dialog')).toBeNull();
    await microtasks();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open' }));
  });

  it('gives focus back to the opener when its own button closes it', () => {
    render(<Host />);
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open' }));
  });

  it('stays open on Escape when it may not be dismissed, even if the browser closes it anyway', async () => {
    render(<Host escapeCloses={false} />);
    const dialog = open();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(dialog.open).toBe(true);
    // Chromium closes a dialog on a second Escape without a user action in between, refused or not.
    dialog.close();
    await microtasks();
    expect(screen.getByRole('dialog', { name: 'Rename' })).toBe(dialog);
    expect(dialog.open).toBe(true);
  });

  it('tells its caller when the browser closes one that may be dismissed', async () => {
    render(<Host />);
    open().close();
    await microtasks();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
