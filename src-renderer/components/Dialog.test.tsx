import { act, cleanup, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupUser, type User } from '../test-support/user.js';
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

/** Renders the page, and clicks Open as a user: the opener has focus when the dialog opens. */
async function open(props: HostProps = {}): Promise<{ user: User; dialog: HTMLDialogElement }> {
  const user = setupUser();
  render(<Host {...props} />);
  await user.click(screen.getByRole('button', { name: 'Open' }));
  return { user, dialog: screen.getByRole<HTMLDialogElement>('dialog', { name: 'Rename' }) };
}

const microtasks = () => act(() => Promise.resolve());

afterEach(cleanup);

describe('Dialog', () => {
  it('is the browser’s own modal <dialog>, opened with showModal, focus on the first field', async () => {
    const showModal = vi.spyOn(HTMLDialogElement.prototype, 'showModal');
    const { dialog } = await open();
    expect(dialog.tagName).toBe('DIALOG');
    expect(showModal).toHaveBeenCalledOnce();
    expect(dialog).toHaveAttribute('open');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus();
    showModal.mockRestore();
  });

  it('closes on Escape through the dialog’s cancel event, and gives focus back to the opener', async () => {
    const { user, dialog } = await open();
    const cancel = vi.fn();
    dialog.addEventListener('cancel', cancel);
    await user.keyboard('{Escape}');
    expect(cancel).toHaveBeenCalledOnce();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await microtasks();
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus();
  });

  it('gives focus back to the opener when its own button closes it', async () => {
    const { user } = await open();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus();
  });

  it('stays open on Escape when it may not be dismissed, even if the browser closes it anyway', async () => {
    const { user, dialog } = await open({ escapeCloses: false });
    await user.keyboard('{Escape}');
    expect(dialog).toHaveAttribute('open');
    // Chromium closes a dialog on a second Escape without a user action in between, refused or not.
    dialog.close();
    await microtasks();
    expect(screen.getByRole('dialog', { name: 'Rename' })).toBe(dialog);
    expect(dialog).toHaveAttribute('open');
  });

  it('tells its caller when the browser closes one that may be dismissed', async () => {
    const { dialog } = await open();
    dialog.close();
    await microtasks();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
