import { screen, within } from '@testing-library/react';
import { expect } from 'vitest';
import { OWN_TOKEN_LOSS, OWN_TOKEN_ROTATE } from '../features/tokens/own-token.js';
import { settle } from './connected.js';
import type { FakeBridge } from './fake-bridge.js';
import { openDialog } from './screen-parts.js';
import type { User } from './user.js';

/**
 * The Delete dialog of the token the connection uses (`own`) says the app loses access; another
 * token's (`other`) does not. `title` is the dialog's name for a token's.
 */
export async function expectDeleteWarnsOnlyForOwn(
  user: User,
  own: string,
  other: string,
  title: (name: string) => string,
): Promise<void> {
  const dialog = await openDialog(user, `Delete ${own}`, title(own));
  expect(within(dialog).getByText(OWN_TOKEN_LOSS)).toBeVisible();
  await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
  const second = await openDialog(user, `Delete ${other}`, title(other));
  expect(within(second).queryByText(OWN_TOKEN_LOSS)).not.toBeInTheDocument();
}

/**
 * Rotates the token the connection uses, `name`, with the least grace. The dialog says the app stores
 * the new secret and has no "revoke now" (the least grace is a minute; main enforces it too); after
 * it no dialog is open and the new secret is nowhere on screen.
 */
export async function rotateOwnToken(user: User, bridge: FakeBridge, name: string): Promise<void> {
  const dialog = await openDialog(user, `Rotate ${name}`);
  expect(within(dialog).getByText(OWN_TOKEN_ROTATE)).toBeVisible();
  expect(within(dialog).queryByRole('radio', { name: 'Revoke the old token now' })).not.toBeInTheDocument();
  await user.click(within(dialog).getByRole('radio', { name: '1 minute' }));
  expect(within(dialog).getByRole('status')).toHaveTextContent('keeps working for 1 minute');
  await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
  await settle();
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(document.body).not.toHaveTextContent(bridge.state.secretsIssued.at(-1) ?? 'missing');
}
