import { cleanup, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { setupUser, type User } from '../test-support/user.js';
import { Dialog } from './Dialog.js';
import { useUnsaved } from './use-unsaved.js';

/** A form dialog as the screens have them: a name field whose input is unsaved once typed. */
function Host() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open ? <NameForm onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function NameForm({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const unsaved = useUnsaved(name);
  return (
    <Dialog title="Rename" dirty={unsaved} onClose={onClose}>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
    </Dialog>
  );
}

async function open(): Promise<{ user: User; dialog: HTMLDialogElement }> {
  const user = setupUser();
  render(<Host />);
  await user.click(screen.getByRole('button', { name: 'Open' }));
  return { user, dialog: screen.getByRole<HTMLDialogElement>('dialog', { name: 'Rename' }) };
}

/** A click on the backdrop: on the dialog element, outside its box (happy-dom's box is empty at 0,0). */
async function clickBackdrop(user: User, dialog: HTMLDialogElement) {
  await user.pointer({ keys: '[MouseLeft]', target: dialog, coords: { clientX: 500, clientY: 500 } });
}

afterEach(cleanup);

describe('Dialog with unsaved input', () => {
  it('Escape asks "Discard changes?"; Keep editing keeps the input, Discard closes', async () => {
    const { user, dialog } = await open();
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'half');
    await user.keyboard('{Escape}');
    const ask = screen.getByRole('dialog', { name: 'Discard changes?' });
    expect(within(ask).getByRole('button', { name: 'Keep editing' })).toHaveFocus();
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('dialog', { name: 'Discard changes?' })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('half');

    await user.keyboard('{Escape}');
    await user.click(
      within(screen.getByRole('dialog', { name: 'Discard changes?' })).getByRole('button', { name: 'Discard' }),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('a click outside asks too; without input, Escape and a click outside close at once', async () => {
    const { user, dialog } = await open();
    await clickBackdrop(user, dialog);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Open' }));
    const again = screen.getByRole<HTMLDialogElement>('dialog', { name: 'Rename' });
    await user.type(within(again).getByRole('textbox', { name: 'Name' }), 'x');
    await clickBackdrop(user, again);
    expect(screen.getByRole('dialog', { name: 'Discard changes?' })).toBeVisible();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Discard changes?' })).not.toBeInTheDocument();
    expect(within(again).getByRole('textbox', { name: 'Name' })).toHaveValue('x');
  });
});
