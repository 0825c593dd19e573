import { effectivePermissions } from '../../../src-shared/permissions.js';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { useAppStore } from '../../store/app-store.js';
import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { connection } from '../../test-support/fake-bridge.js';
import { account, detail, token } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { closeReveal, revealDialog } from '../../test-support/reveal.js';
import { openDialog } from '../../test-support/screen-parts.js';
import { expectDeleteWarnsOnlyForOwn, rotateOwnToken } from '../../test-support/own-token.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';
import { OWN_ACCOUNT_LOSS, OWN_TOKEN_LOSS, OWN_TOKEN_NOTE, OWN_TOKEN_ROTATE } from './own-token.js';

pinClock();
fakeViewport('grid__scroll');

/**
 * The connection signs in as the service account `desk_robot` (sa1) with its token `desk` (t1); `other`
 * (t2) is another of its tokens, and `billing_export` (sa2) another account.
 */
const robot = account({ id: 'sa1', name: 'desk_robot', roles: ['Admin'], groups: ['platform'], tokenCount: 2 });
const billing = account({ id: 'sa2', name: 'billing_export', roles: ['Viewer'], groups: ['platform'] });
const signedInAs = {
  id: 'sa1',
  name: 'desk_robot',
  type: 'SERVICE_ACCOUNT' as const,
  roles: ['Admin' as const],
  groups: ['platform'],
  permissions: effectivePermissions({ roles: ['Admin'] }),
  tokenId: 't1',
};

function open(route: { name: 'accounts' } | { name: 'account'; accountId: string; tab: 'tokens' | 'info' }) {
  return renderApp({
    accounts: [billing, robot],
    details: {
      sa1: detail(robot, [token({ id: 't1', name: 'desk', roles: ['Admin'] }), token({ id: 't2', name: 'other' })]),
      sa2: detail(billing, []),
    },
    me: signedInAs,
    route,
    state: { connections: [connection({ tokenId: 't1' })] },
  });
}
const openTokens = () => open({ name: 'account', accountId: 'sa1', tab: 'tokens' });
/** The token row whose name is this one (its header also holds the badge, so not an exact name). */
function rowOf(name: string): HTMLElement {
  const table = screen.getByRole('table', { name: 'Tokens' });
  const header = within(table).getByRole('rowheader', { name: new RegExp(`^${name}(?![\\w.-]|\\s*\\.)`) });
  return header.closest('tr')!;
}
const calls = (bridge: { calls: { fn: string }[] }, fn: string) => bridge.calls.filter((c) => c.fn === fn).length;

describe('a connection signed in with a service account’s token: its Tokens tab', () => {
  it('marks that token "Used by this app", with the note under its row, and only that one', async () => {
    await openTokens();
    expect(within(rowOf('desk')).getByText('Used by this app')).toBeVisible();
    const table = screen.getByRole('table', { name: 'Tokens' });
    expect(within(table).getAllByText('Used by this app')).toHaveLength(1);
    expect(within(table).getByText(OWN_TOKEN_NOTE)).toBeVisible();
    expect(within(rowOf('other')).queryByText('Used by this app')).not.toBeInTheDocument();
  });

  it('Suspend of it asks first and says the app loses access; Cancel changes nothing, Suspend token does it', async () => {
    const { bridge, user } = await openTokens();
    const dialog = await openDialog(user, 'Suspend desk', 'Suspend desk?');
    expect(within(dialog).getByText(OWN_TOKEN_LOSS)).toBeVisible();
    expect(OWN_TOKEN_LOSS).toContain('the app loses access to the server');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls(bridge, 'tokens.update')).toBe(0);

    const again = await openDialog(user, 'Suspend desk', 'Suspend desk?');
    await user.click(within(again).getByRole('button', { name: 'Suspend token' }));
    await settle();
    expect(bridge.state.details.sa1?.tokens?.find((t) => t.id === 't1')?.status).toBe('SUSPENDED');
  });

  it('another token of the account suspends at once, without a question', async () => {
    const { bridge, user } = await openTokens();
    await user.click(screen.getByRole('button', { name: 'Suspend other' }));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls(bridge, 'tokens.update')).toBe(1);
  });

  it('Delete of it warns that the app loses access; another token’s Delete does not', async () => {
    const { user } = await openTokens();
    await expectDeleteWarnsOnlyForOwn(user, 'desk', 'other', (name) => `Delete token ${name}?`);
  });

  it('Rotate of it shows no secret: main stores it, the app carries on, and the new token carries the mark', async () => {
    const { bridge, user } = await openTokens();
    await rotateOwnToken(user, bridge, 'desk');
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent(
      'Rotated desk. TokenDesk stored the new secret for this connection',
    );
    expect(bridge.state.connections[0]!.tokenId).not.toBe('t1');
    expect(within(rowOf('desk')).getByText('Used by this app')).toBeVisible();
  });

  it('Rotate of another token of the account reveals its new secret once', async () => {
    const { bridge, user } = await openTokens();
    const dialog = await openDialog(user, 'Rotate other', 'Rotate other');
    expect(within(dialog).queryByText(OWN_TOKEN_ROTATE)).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await settle();
    const secret = bridge.state.secretsIssued.at(-1) ?? 'missing';
    expect(within(revealDialog()).getByText(secret)).toBeVisible();
    await closeReveal(user);
    expect(bridge.state.connections[0]!.tokenId).toBe('t1');
  });
});

describe('a connection signed in as a service account: that account', () => {
  it('is marked "Used by this app" in the list, and only it', async () => {
    await open({ name: 'accounts' });
    const row = screen.getByRole('row', { name: 'desk_robot' });
    expect(within(row).getByText('Used by this app')).toBeVisible();
    expect(
      within(screen.getByRole('row', { name: 'billing_export' })).queryByText('Used by this app'),
    ).not.toBeInTheDocument();
  });

  it('closes the question when its row shows another account, and does not ask again when the row shows it back', async () => {
    const { user } = await open({ name: 'accounts' });
    await user.click(screen.getByRole('switch', { name: 'desk_robot enabled' }));
    expect(screen.getByRole('dialog', { name: 'Disable desk_robot?' })).toBeInTheDocument();
    // Re-sorted while the question is open (the rows keep their elements, and show other accounts),
    // then sorted back: desk_robot is in the same row element again, the question is not.
    act(() => useAppStore.getState().setSort('-name'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    act(() => useAppStore.getState().setSort('name'));
    expect(screen.getByRole('switch', { name: 'desk_robot enabled' })).toBeChecked();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('disabling it from the list asks first, saying the app loses access; Cancel leaves it enabled', async () => {
    const { bridge, user } = await open({ name: 'accounts' });
    await user.click(screen.getByRole('switch', { name: 'desk_robot enabled' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable desk_robot?' });
    expect(within(dialog).getByText(OWN_ACCOUNT_LOSS)).toBeVisible();
    expect(OWN_ACCOUNT_LOSS).toContain('the app loses access to the server');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(calls(bridge, 'accounts.update')).toBe(0);
    expect(screen.getByRole('switch', { name: 'desk_robot enabled' })).toBeChecked();
    // Still on the list: the dialog's clicks did not reach the row (which opens the account).
    expect(screen.getByRole('row', { name: 'desk_robot' })).toBeVisible();

    await user.click(screen.getByRole('switch', { name: 'billing_export enabled' }));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls(bridge, 'accounts.update')).toBe(1);
  });

  it('in the list: the open confirmation stays with its account when a sync moves the rows under it', async () => {
    const { bridge, user } = await open({ name: 'accounts' });
    await user.click(screen.getByRole('switch', { name: 'desk_robot enabled' }));
    expect(screen.getByRole('dialog', { name: 'Disable desk_robot?' })).toBeVisible();
    // A sync brings an account that sorts first, so every row now shows the account of the row above.
    const snapshot = bridge.state.snapshots.c1!;
    const first = account({ id: 'sa0', name: 'aaa_first', roles: ['Viewer'] });
    bridge.state.snapshots.c1 = { ...snapshot, accounts: [first, ...snapshot.accounts] };
    bridge.state.details.sa0 = detail(first, []);
    bridge.emitChanged('c1', ['sa0']);
    await settle();
    expect(screen.getByRole('row', { name: 'aaa_first' })).toBeVisible();
    // No row that now shows another account may carry the question over to it.
    for (const open of screen.queryAllByRole('dialog')) expect(open).toHaveAccessibleName('Disable desk_robot?');
    const dialog = screen.queryByRole('dialog', { name: 'Disable desk_robot?' });
    // Either the question is gone (its row was remounted) or it still acts on desk_robot, never another.
    if (dialog) {
      await user.click(within(dialog).getByRole('button', { name: 'Disable account' }));
      await settle();
      const updates = bridge.calls.filter((c) => c.fn === 'accounts.update');
      expect(updates.map((c) => c.request)).toEqual([
        expect.objectContaining({ id: 'sa1', patch: { enabled: false } }),
      ]);
    } else {
      expect(calls(bridge, 'accounts.update')).toBe(0);
    }
    expect(screen.getByRole('switch', { name: 'aaa_first enabled' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'billing_export enabled' })).toBeChecked();
  });

  it('in its detail: marked next to its name; Disable asks and then disables; Delete warns', async () => {
    const { bridge, user } = await open({ name: 'account', accountId: 'sa1', tab: 'info' });
    const header = screen.getByRole('heading', { level: 1, name: 'desk_robot' }).parentElement!;
    expect(within(header).getByText('Used by this app')).toBeVisible();

    await user.click(screen.getByRole('switch', { name: 'Enabled' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable desk_robot?' });
    expect(within(dialog).getByText(OWN_ACCOUNT_LOSS)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Disable account' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'accounts.update').at(-1)?.request).toMatchObject({
      id: 'sa1',
      patch: { enabled: false },
    });
    expect(screen.getByRole('switch', { name: 'Enabled' })).not.toBeChecked();

    const remove = await openDialog(user, 'Delete account', 'Delete desk_robot?');
    expect(within(remove).getByText(OWN_ACCOUNT_LOSS)).toBeVisible();
    await fill(user, within(remove).getByLabelText('Type desk_robot to confirm'), 'desk_robot');
    expect(within(remove).getByRole('button', { name: 'Delete' })).toBeEnabled();
  });

  it('another account’s Delete carries no such warning', async () => {
    const { user } = await open({ name: 'account', accountId: 'sa2', tab: 'info' });
    expect(screen.queryByText('Used by this app')).not.toBeInTheDocument();
    const remove = await openDialog(user, 'Delete account', 'Delete billing_export?');
    expect(within(remove).queryByText(OWN_ACCOUNT_LOSS)).not.toBeInTheDocument();
  });
});
