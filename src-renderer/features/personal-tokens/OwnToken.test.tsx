import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../../test-support/fake-bridge.js';
import { renderApp } from '../../test-support/app.js';
import { expectBlocked } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { DAY, iso, NOW, token } from '../../test-support/fixtures.js';
import { closeReveal, revealDialog } from '../../test-support/reveal.js';
import { openDialog } from '../../test-support/screen-parts.js';
import { expectDeleteWarnsOnlyForOwn, rotateOwnToken } from '../../test-support/own-token.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { OWN_TOKEN_LOSS, OWN_TOKEN_ROTATE } from '../tokens/own-token.js';

pinClock();

/** The connection signs in with `admin-desk` (p1); `terraform` (p2) is another token. */
function openPage() {
  return renderApp({
    route: { name: 'personalTokens' },
    state: {
      connections: [connection({ tokenId: 'p1' })],
      personalTokens: [
        token({ id: 'p1', name: 'admin-desk', hint: 'tdk_pt_…aa11' }),
        token({ id: 'p2', name: 'terraform', hint: 'tdk_pt_…zz99', expiresAt: iso(NOW + 20 * DAY) }),
        token({ id: 'p3', name: 'ci.rotated-20260101000000', replacedBy: 'p2', expiresAt: iso(NOW + DAY) }),
      ],
    },
  });
}

/** The row whose name starts with this token's name, not with a longer one (a rotated-out `name.rotated-…`). */
const rowOf = (name: string) =>
  screen.getByRole('row', { name: new RegExp(`^${name.replace(/\./g, '\\.')}(?![\\w.-])`) });

describe('personal tokens: the connection’s own token', () => {
  it('is marked "Used by this app", and only that one', async () => {
    await openPage();
    expect(within(rowOf('admin-desk')).getByText('Used by this app')).toBeVisible();
    expect(screen.getAllByText('Used by this app')).toHaveLength(1);
  });

  it('Suspend asks first and says what happens; Cancel leaves it active', async () => {
    const { bridge, user } = await openPage();
    const dialog = await openDialog(user, 'Suspend admin-desk', 'Suspend admin-desk?');
    expect(within(dialog).getByText(OWN_TOKEN_LOSS)).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'personalTokens.update')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(bridge.state.personalTokens.find((t) => t.id === 'p1')?.status).toBe('ACTIVE');
    expect(bridge.calls.some((c) => c.fn === 'personalTokens.update')).toBe(false);

    const again = await openDialog(user, 'Suspend admin-desk', 'Suspend admin-desk?');
    await user.click(within(again).getByRole('button', { name: 'Suspend token' }));
    await settle();
    expect(bridge.state.personalTokens.find((t) => t.id === 'p1')?.status).toBe('SUSPENDED');
  });

  it('another token suspends at once, without a question', async () => {
    const { bridge, user } = await openPage();
    await user.click(screen.getByRole('button', { name: 'Suspend terraform' }));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(bridge.state.personalTokens.find((t) => t.id === 'p2')?.status).toBe('SUSPENDED');
  });

  it('Delete of the own token warns that the app loses access', async () => {
    const { user } = await openPage();
    await expectDeleteWarnsOnlyForOwn(user, 'admin-desk', 'terraform', (name) => `Delete personal token ${name}?`);
  });

  it('Rotate of the own token shows no secret: main stores it and the app carries on', async () => {
    const { bridge, user } = await openPage();
    await rotateOwnToken(user, bridge, 'admin-desk');
    expect(screen.getByRole('status')).toHaveTextContent('TokenDesk stored the new secret for this connection');
    // The new token is the connection's now, and carries the mark.
    const fresh = bridge.state.connections[0]!.tokenId;
    expect(fresh).not.toBe('p1');
    expect(within(rowOf('admin-desk')).getByText('Used by this app')).toBeVisible();
  });

  it('Rotate of another token reveals its new secret once', async () => {
    const { bridge, user } = await openPage();
    const dialog = await openDialog(user, 'Rotate terraform', 'Rotate terraform');
    expect(within(dialog).queryByText(OWN_TOKEN_ROTATE)).not.toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: 'Revoke the old token now' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await settle();
    const secret = bridge.state.secretsIssued.at(-1) ?? 'missing';
    expect(within(revealDialog()).getByText(secret)).toBeVisible();
    await closeReveal(user);
    expect(document.body).not.toHaveTextContent(secret);
  });

  it('a rotated-out token’s Rotate is off before the click, its reason written under the row', async () => {
    await openPage();
    const reason = 'Token "ci.rotated-20260101000000" was already rotated out. Rotate the token that replaced it.';
    expectBlocked(screen.getByRole('button', { name: 'Rotate ci.rotated-20260101000000' }), reason);
    expect(screen.getByText(reason)).toBeVisible();
  });
});
