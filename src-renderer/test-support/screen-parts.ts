import { screen, within } from '@testing-library/react';
import type { User } from './user.js';

/** The rows of a table (or grid) named `name`, without its header row. */
export function bodyRows(name: string, role: 'table' | 'grid' = 'table'): HTMLElement[] {
  return within(screen.getByRole(role, { name })).getAllByRole('row').slice(1);
}

/**
 * Clicks the button named `button` and returns the dialog that opens, named `dialog` (by default as
 * the button is).
 */
export async function openDialog(user: User, button: string, dialog: string = button): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: button }));
  return screen.getByRole('dialog', { name: dialog });
}
