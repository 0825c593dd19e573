import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { settle } from '../../test-support/connected.js';
import { revealDialog } from '../../test-support/reveal.js';
import { openTokensTab, pinClock, submitNewToken } from '../../test-support/tokens-setup.js';

pinClock();

describe('Save to… from the reveal', () => {
  it('sends the reveal id and the KeePass place, never the secret; closing the reveal tells main', async () => {
    const { bridge, user } = await openTokensTab();
    await submitNewToken(user, 'ci-new');
    const secret = bridge.state.secretsIssued.at(-1)!;
    const reveal = revealDialog();
    await user.click(within(reveal).getByRole('button', { name: 'Save to…' }));
    const save = await screen.findByRole('dialog', { name: 'Save to a password manager' });
    // Not on this computer: offered disabled, with the reason.
    expect(within(save).getByRole('radio', { name: /Bitwarden/ })).toBeDisabled();
    expect(within(save).getByText(/bw\) is not installed/)).toBeVisible();
    await waitFor(() => expect(within(save).getByRole('radio', { name: /KeePass database/ })).toBeChecked());
    const submit = within(save).getByRole('button', { name: 'Save to KeePass database' });
    expect(submit).toBeDisabled();
    await user.click(within(save).getByRole('button', { name: 'Choose…' }));
    await waitFor(() =>
      expect(within(save).getByLabelText('Database file (.kdbx)')).toHaveValue('/home/me/Passwords.kdbx'),
    );
    await user.type(within(save).getByLabelText('Master password'), 'kp master');
    await user.click(submit);
    await settle();

    const sent = bridge.calls.filter((c) => c.fn === 'reveal.save').map((c) => c.request);
    const revealId = (sent[0] as { revealId: string }).revealId;
    expect(sent).toEqual([
      {
        kind: 'keepass',
        revealId,
        place: { file: '/home/me/Passwords.kdbx', group: 'TokenDesk' },
        masterPassword: 'kp master',
        create: false,
      },
    ]);
    expect(JSON.stringify(bridge.calls.filter((c) => c.fn.startsWith('reveal.')))).not.toContain(secret);
    expect(within(reveal).getByRole('status')).toHaveTextContent(
      'Saved in KeePass database as tokendesk/td.example/deploy-bot/ci.',
    );
    // Saved counts as stored: Done is on.
    await user.click(within(reveal).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(bridge.state.closedReveals).toEqual([revealId]));
  });
});
