import { screen, within } from '@testing-library/react';
import { settle } from './connected.js';
import type { User } from './user.js';

/** The one-time reveal of a new secret, open now. */
export function revealDialog(): HTMLElement {
  return screen.getByRole('dialog', { name: 'Copy your new token' });
}

/** Closes the reveal the only way it closes: the user says they stored the token, then Done. */
export async function closeReveal(user: User, reveal: HTMLElement = revealDialog()): Promise<void> {
  await user.click(within(reveal).getByRole('checkbox', { name: 'I have stored this token in a safe place' }));
  await user.click(within(reveal).getByRole('button', { name: 'Done' }));
  await settle();
}
